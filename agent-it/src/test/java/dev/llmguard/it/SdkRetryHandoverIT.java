package dev.llmguard.it;

import static dev.llmguard.it.support.ChildRuns.agentLinesWith;
import static dev.llmguard.it.support.ChildRuns.assertClean;
import static dev.llmguard.it.support.ChildRuns.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.support.Canaries;
import dev.llmguard.it.support.Jdk;
import dev.llmguard.it.support.Provider;
import dev.llmguard.it.support.RecordingDispatcher;
import dev.llmguard.it.support.RecordingServer;
import dev.llmguard.it.support.RecordingDispatcher.Arrival;
import dev.llmguard.it.support.RunResult;
import dev.llmguard.it.support.Sdk;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official OpenAI and Anthropic SDKs under the agent, in real JVMs: their own retry loop is
 * handed to the guard, so the server sees at most the guard's max attempts per call, and the app
 * still gets the SDK's own exceptions.
 */
class SdkRetryHandoverIT {
    private static final String RETRY_COUNT = "x-stainless-retry-count";

    @RegisterExtension
    final RecordingServer server = new RecordingServer();
    private final RecordingDispatcher dispatcher = server.dispatcher();

    static Stream<Arguments> sdksOnEveryJdk() {
        List<Arguments> out = new ArrayList<>();
        for (Jdk jdk : Jdk.all()) {
            for (Sdk sdk : Sdk.values()) {
                out.add(Arguments.of(sdk, jdk));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("sdksOnEveryJdk")
    void serverSeesAtMostTheGuardsMaxAttemptsAndTheAppGetsTheSdksOwnException(Sdk sdk, Jdk jdk) throws Exception {
        Provider p = sdk.provider();
        for (int attempt = 1; attempt <= 3; attempt++) {
            dispatcher.then(p.rateLimited("req_sync_" + attempt));
        }
        for (int attempt = 1; attempt <= 3; attempt++) {
            dispatcher.then(p.rateLimited("req_async_" + attempt));
        }
        for (int attempt = 1; attempt <= 3; attempt++) {
            dispatcher.then(p.overloaded("req_overloaded_" + attempt));
        }

        RunResult result = assertClean(sdk.app(jdk, server, "maxRetries=6", "modes=sync,async,sync")
                .agentArgs("retry.max-attempts=3").run());

        assertThat(dispatcher.count()).as("3 calls x max-attempts 3, whatever maxRetries=6 says").isEqualTo(9);
        assertThat(call(result, 0)).contains("error=RateLimitException", "status=429", "request-id=req_sync_3");
        assertThat(call(result, 1)).contains("error=RateLimitException", "status=429", "request-id=req_async_3");
        assertThat(call(result, 2)).contains(p == Provider.OPENAI ? "error=InternalServerException" : "error=OverloadedException",
                p == Provider.OPENAI ? "status=503" : "status=529", "request-id=req_overloaded_3");
        List<Arrival> arrivals = dispatcher.arrivals();
        for (int callStart = 0; callStart < 9; callStart += 3) {
            for (int i = 1; i < 3; i++) {
                assertThat(arrivals.get(callStart + i).body).as("retried body is byte-identical").isEqualTo(arrivals.get(callStart).body);
            }
        }
        assertThat(arrivals).allSatisfy(a -> assertThat(a.headers.getOrDefault(RETRY_COUNT, List.of("0")))
                .as("the SDK itself never retried").containsExactly("0"));
        assertThat(agentLinesWith(result, "retries handed over to llm-guard")).singleElement().asString()
                .contains(sdk.toString().split(" ")[0]).contains("maxRetries (6)").contains("at most 3 attempts");
        assertThat(agentLinesWith(result, "giving up", "attempt 3 of 3")).hasSize(3);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Sdk.class)
    void recoversFromA429OnEveryCallStyleEvenOutsideTheConfiguredScope(Sdk sdk) throws Exception {
        Provider p = sdk.provider();
        dispatcher.then(p.rateLimited("req_1")).then(p.ok("req_2"))
                .then(p.rateLimited("req_3")).then(p.ok("req_4"))
                .then(p.rateLimited("req_5")).then(p.stream("req_6"))
                .then(p.rateLimited("req_7")).then(p.stream("req_8"));

        // no host or path of the scope matches: the SDK's headers alone put its calls in scope
        RunResult result = assertClean(sdk.app(Jdk.current(), server, "modes=sync,async,stream,stream-async")
                .property("llmguard.scope.paths", "/not-an-llm-path").run());

        for (int n = 0; n < 4; n++) {
            assertThat(call(result, n)).contains(" ok ", "text=" + Canaries.RESPONSE);
        }
        List<Arrival> arrivals = dispatcher.arrivals();
        assertThat(arrivals).hasSize(8);
        for (int i = 0; i < 8; i += 2) {
            assertThat(arrivals.get(i + 1).body).as("retried body is byte-identical").isEqualTo(arrivals.get(i).body);
        }
        assertThat(agentLinesWith(result, "rate limited (429", "attempt 1 of 5", "(retry-after-ms)")).hasSize(4);
        assertThat(agentLinesWith(result, "recovered", "succeeded on attempt 2")).hasSize(4);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Sdk.class)
    void neverRetriesAStreamThatAlreadyBegan(Sdk sdk) throws Exception {
        dispatcher.then(sdk.provider().brokenStream("req_1"));

        RunResult result = assertClean(sdk.app(Jdk.current(), server, "modes=stream,stream-async").run());

        assertThat(dispatcher.count()).as("one request per call: the 200 had begun").isEqualTo(2);
        for (int n = 0; n < 2; n++) {
            assertThat(call(result, n)).contains("error=").doesNotContain("chunks=0");
        }
        assertThat(agentLinesWith(result, "retrying in")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Sdk.class)
    void withTheAgentDisabledTheSdkRetriesAsBefore(Sdk sdk) throws Exception {
        dispatcher.then(sdk.provider().rateLimited("req_429"));

        RunResult result = assertClean(sdk.app(Jdk.current(), server, "maxRetries=2", "modes=sync,async")
                .property("llmguard.enabled", "false").run());

        assertThat(dispatcher.count()).as("the SDK's own 3 attempts per call").isEqualTo(6);
        assertThat(dispatcher.arrivals()).extracting(a -> a.headers.get(RETRY_COUNT))
                .containsExactly(List.of("0"), List.of("1"), List.of("2"), List.of("0"), List.of("1"), List.of("2"));
        assertThat(call(result, 0)).contains("error=RateLimitException", "status=429");
        assertThat(call(result, 1)).contains("error=RateLimitException", "status=429");
        assertThat(result.agentLines()).singleElement().asString().contains("disabled");
    }
}
