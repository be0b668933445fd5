package dev.llmguard.it;

import static dev.llmguard.it.support.ChildRuns.agentLinesWith;
import static dev.llmguard.it.support.ChildRuns.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.support.ChatCallsServer;
import dev.llmguard.it.support.Jdk;
import dev.llmguard.it.support.OkHttpVersion;
import dev.llmguard.it.support.OpenAiResponses;
import dev.llmguard.it.support.OutageWorkload;
import dev.llmguard.it.support.RedisServer;
import dev.llmguard.it.support.RunResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The breaker end to end, in a real JVM: three calls fail, the circuit opens and the next calls are
 * answered at once by the agent (a 503 in OpenAI's error shape, Retry-After, x-llm-guard:
 * circuit-open) without reaching the server; after the cooldown one probe goes through, succeeds,
 * and the circuit closes.
 */
class CircuitBreakerIT {
    private static final int CALLS = 12;

    @RegisterExtension
    final ChatCallsServer server = new ChatCallsServer();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sync", "async"})
    void opensAnswersLocallyProbesAndCloses(String mode) throws Exception {
        for (int i = 0; i < 3; i++) {
            server.dispatcher().then(OutageWorkload.unavailable());
        }
        server.dispatcher().then(OpenAiResponses.ok());

        // one attempt per call, so that each failed call is one request; a call every 200 ms
        RunResult result = server.run(OkHttpVersion.OKHTTP_4, Jdk.current(),
                jvm -> jvm.agentArgs("retry.max-attempts=1,breaker.failure-threshold=3,breaker.cooldown=1s"),
                "calls=" + CALLS, "pauseMs=200", "mode=" + mode);

        List<String> calls = new ArrayList<>();
        for (int n = 0; n < CALLS; n++) {
            calls.add(call(result, n));
        }
        for (int n = 0; n < 3; n++) {
            assertThat(calls.get(n)).as(result.all()).contains("status=503").doesNotContain("guard=");
        }
        int locals = 0;
        while (3 + locals < CALLS && calls.get(3 + locals).contains("guard=circuit-open")) {
            assertThat(calls.get(3 + locals)).contains("status=503", "retry-after=1",
                    "body={\"error\":{\"message\":\"Answered locally by llm-guard", "\"type\":\"server_error\"",
                    "\"code\":\"circuit_open\"");
            locals++;
        }
        assertThat(locals).as("a second's calls are answered locally: " + result.all()).isBetween(3, 6);
        for (int n = 3 + locals; n < CALLS; n++) {
            assertThat(calls.get(n)).as("the probe and every call after it reach the server: " + result.all()).contains("status=200");
        }
        assertThat(server.dispatcher().count()).as("the server never saw the calls answered locally").isEqualTo(CALLS - locals);
        assertThat(agentLinesWith(result, "WARN", "circuit open: ", "3 calls in a row failed (last: 503)", "for 1.00 s")).hasSize(1);
        assertThat(agentLinesWith(result, "INFO", "circuit half-open: ", "letting one probe call through")).hasSize(1);
        assertThat(agentLinesWith(result, "WARN", "circuit closed: ", "the probe got 200")).hasSize(1);
    }

    @org.junit.jupiter.api.Test
    void aFleetSharingRedisSharesTheOpening() throws Exception {
        server.dispatcher().then(OutageWorkload.unavailable());
        try (RedisServer redis = RedisServer.start()) {
            String prefix = "circuit" + System.nanoTime();
            java.util.function.Consumer<dev.llmguard.it.support.ChildJvm> fleet = jvm -> jvm
                    .agentArgs("retry.max-attempts=1,breaker.failure-threshold=3,breaker.cooldown=30s")
                    .property("llmguard.redis.url", redis.url()).property("llmguard.redis.prefix", prefix);

            RunResult first = server.run(OkHttpVersion.OKHTTP_4, Jdk.current(), fleet, "calls=3");
            assertThat(agentLinesWith(first, "WARN", "circuit open: ", "3 calls in a row failed")).hasSize(1);
            int before = server.dispatcher().count();

            RunResult second = server.run(OkHttpVersion.OKHTTP_4, Jdk.current(), fleet, "calls=2");

            assertThat(second.lines("CALL ")).hasSize(2).allSatisfy(l -> assertThat(l).contains("status=503", "guard=circuit-open"));
            assertThat(server.dispatcher().count()).as("the second JVM never reached the failing server").isEqualTo(before);
            assertThat(agentLinesWith(second, "WARN", "circuit open: ", "another JVM of the fleet opened it (shared through Redis)"))
                    .hasSize(1);
        }
    }
}
