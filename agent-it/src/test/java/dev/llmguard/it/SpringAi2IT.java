package dev.llmguard.it;

import static dev.llmguard.it.support.ChildRuns.assertClean;
import static dev.llmguard.it.support.ChildRuns.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.support.Canaries;
import dev.llmguard.it.support.ChildJvm;
import dev.llmguard.it.support.ChildRuns;
import dev.llmguard.it.support.OwnClasspathApps;
import dev.llmguard.it.support.Provider;
import dev.llmguard.it.support.RecordingDispatcher;
import dev.llmguard.it.support.RecordingDispatcher.Arrival;
import dev.llmguard.it.support.RecordingServer;
import dev.llmguard.it.support.RunResult;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Spring AI 2.0's {@code OpenAiChatModel} (Spring 7), which runs the official OpenAI SDK over a
 * transport of its own built on OkHttp ({@code SpringAiOpenAiHttpClient}), in real JVMs: the guard
 * sees its requests and the SDK's retries are handed over, so the server receives at most
 * max-attempts requests per call.
 */
class SpringAi2IT {
    @RegisterExtension
    final RecordingServer server = new RecordingServer();
    private final RecordingDispatcher dispatcher = server.dispatcher();

    private RunResult run(Consumer<ChildJvm> customizer) throws Exception {
        ChildJvm jvm = OwnClasspathApps.app("spring-ai-2", "dev.llmguard.it.frameworks.SpringAi2App", server.url("/v1").toString());
        customizer.accept(jvm);
        return assertClean(jvm.run());
    }

    @Test
    void aRateLimitedCallIsRetriedWithTheSameBytesAfterTheServersWait() throws Exception {
        dispatcher.then(Provider.OPENAI.rateLimited("req_1").setHeader("retry-after-ms", "500")).then(Provider.OPENAI.ok("req_2"));

        RunResult result = run(jvm -> { });

        assertThat(call(result, 0)).contains(" ok ").contains(Canaries.RESPONSE);
        List<Arrival> arrivals = dispatcher.arrivals();
        assertThat(arrivals).as(result.all()).hasSize(2);
        assertThat(arrivals.get(0).path).isEqualTo("/v1/chat/completions");
        assertThat(arrivals.get(1).body).isEqualTo(arrivals.get(0).body).contains(Canaries.PROMPT);
        assertThat((arrivals.get(1).nanos - arrivals.get(0).nanos) / 1_000_000).isGreaterThanOrEqualTo(500);
    }

    @Test
    void inAnOutageTheSdksRetriesAreHandedOverAndTheServerSeesMaxAttempts() throws Exception {
        dispatcher.then(Provider.OPENAI.overloaded("req_503"));

        RunResult result = run(jvm -> jvm.agentArgs("retry.base-delay=10ms,retry.max-delay=50ms"));

        assertThat(call(result, 0)).contains(" error=");
        assertThat(dispatcher.count()).as(result.all()).isEqualTo(5);
        assertThat(ChildRuns.agentLinesWith(result, "retries handed over to llm-guard")).as(result.all()).isNotEmpty();
    }

    @Test
    void withTheGuardDisabledTheSdkKeepsItsOwnRetries() throws Exception {
        dispatcher.then(Provider.OPENAI.rateLimited("req_1").setHeader("retry-after-ms", "200")).then(Provider.OPENAI.ok("req_2"));

        RunResult result = run(jvm -> jvm.property("llmguard.enabled", "false"));

        assertThat(call(result, 0)).contains(" ok ").contains(Canaries.RESPONSE);
        assertThat(dispatcher.count()).as("the SDK's own retry").isEqualTo(2);
        assertThat(ChildRuns.agentLinesWith(result, "handed over")).isEmpty();
    }
}
