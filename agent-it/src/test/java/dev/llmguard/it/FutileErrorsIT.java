package dev.llmguard.it;

import static dev.llmguard.it.support.ChildRuns.agentLinesWith;
import static dev.llmguard.it.support.ChildRuns.assertClean;
import static dev.llmguard.it.support.ChildRuns.call;
import static dev.llmguard.it.support.ChildRuns.millis;
import static dev.llmguard.it.support.OpenAiResponses.ok;
import static dev.llmguard.it.support.OpenAiResponses.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.demo.simulator.LlmApiSimulator;
import dev.llmguard.demo.simulator.SimulatorStats;
import dev.llmguard.it.support.ChildRuns;
import dev.llmguard.it.support.Jdk;
import dev.llmguard.it.support.Provider;
import dev.llmguard.it.support.RecordingDispatcher;
import dev.llmguard.it.support.RecordingServer;
import dev.llmguard.it.support.RunResult;
import dev.llmguard.it.support.Sdk;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Errors that retrying cannot fix, end to end: the server sees them once, the application gets them
 * at once, and one ERROR line says why. And the server's own say in {@code x-should-retry}.
 */
class FutileErrorsIT {
    /** Far below the SDKs' own first backoff (0.375 s at least) and any guard wait. */
    private static final long AT_ONCE_MILLIS = 300;

    @RegisterExtension
    final RecordingServer server = new RecordingServer();
    private final RecordingDispatcher dispatcher = server.dispatcher();

    private RunResult plainOkHttp(int calls) throws Exception {
        return assertClean(ChildRuns.chatCalls(server.url("/v1/chat/completions"), calls).run());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Sdk.class)
    void anExhaustedQuotaReachesTheServerOnceThroughTheSdk(Sdk sdk) throws Exception {
        dispatcher.then(sdk.provider().quotaExhausted("req_quota"));

        // the SDK's default maxRetries (2) would send each call 3 times, with backoff in between
        RunResult result = assertClean(sdk.app(Jdk.current(), server, "modes=sync,async,sync").run());

        assertThat(dispatcher.count()).as("one request per call").isEqualTo(3);
        // anthropic-java's own subclass of RateLimitException for this error
        String exception = sdk.provider() == Provider.OPENAI ? "error=RateLimitException" : "error=EnforcedSpendLimitReachedException";
        for (int n = 0; n < 3; n++) {
            assertThat(call(result, n)).contains(exception, "status=429", "request-id=req_quota");
        }
        assertThat(millis(result, 1)).as("the app sees it at once").isLessThan(AT_ONCE_MILLIS);
        assertThat(millis(result, 2)).as("the app sees it at once").isLessThan(AT_ONCE_MILLIS);
        String reason = sdk.provider() == Provider.OPENAI ? "insufficient_quota" : "enforced_spend_limit_reached";
        assertThat(agentLinesWith(result, "ERROR", "quota exhausted (429 " + reason + ")",
                "the account's quota or budget is exhausted and retrying cannot help")).hasSize(3);
        assertThat(agentLinesWith(result, "retrying in")).isEmpty();
    }

    @Test
    void anExhaustedQuotaReachesTheServerOnceThroughPlainOkHttp() throws Exception {
        dispatcher.then(Provider.OPENAI.quotaExhausted("req_openai")).then(Provider.ANTHROPIC.quotaExhausted("req_anthropic"));

        RunResult result = plainOkHttp(2);

        assertThat(dispatcher.count()).isEqualTo(2);
        assertThat(call(result, 0)).contains("status=429", "insufficient_quota");
        assertThat(call(result, 1)).contains("status=429", "enforced_spend_limit_reached");
        assertThat(agentLinesWith(result, "ERROR", "quota exhausted (429 insufficient_quota)", "retrying cannot help")).hasSize(1);
        assertThat(agentLinesWith(result, "ERROR", "quota exhausted (429 enforced_spend_limit_reached)", "retrying cannot help")).hasSize(1);
    }

    @Test
    void xShouldRetryFalseStopsRetriesAndTrueAllowsThem() throws Exception {
        dispatcher.then(status(503).setHeader("x-should-retry", "false"))
                .then(status(429).setHeader("x-should-retry", "false"))
                .then(status(400).setHeader("x-should-retry", "true").setHeader("retry-after-ms", "20"))
                .then(ok());

        RunResult result = plainOkHttp(3);

        assertThat(dispatcher.count()).as("503 and 429 once each; the 400 that may be retried twice").isEqualTo(4);
        assertThat(call(result, 0)).contains("status=503");
        assertThat(call(result, 1)).contains("status=429");
        assertThat(call(result, 2)).contains("status=200");
        assertThat(agentLinesWith(result, "not retried (429 x-should-retry: false)")).hasSize(1);
    }

    /** The quota benchmark's scenario as a cheap count check (QuotaBenchmark measures the time). */
    @Test
    void aSimulatorOutOfQuotaGetsOneRequestPerCallInsteadOfTheSdksThree() throws Exception {
        try (LlmApiSimulator sim = LlmApiSimulator.builder().requestsPerMinute(0).tokensPerMinute(0)
                .insufficientQuotaAfter(2).start()) {
            RunResult withAgent = assertClean(Sdk.OPENAI_LATEST.app(Jdk.current(), sim.baseUrl(), "calls=5").run());
            SimulatorStats guarded = sim.stats();
            sim.reset();
            RunResult withoutAgent = assertClean(Sdk.OPENAI_LATEST.app(Jdk.current(), sim.baseUrl(), "calls=5").withoutAgent().run());
            SimulatorStats unguarded = sim.stats();

            assertThat(guarded.received()).as("2 answered, then 1 request per futile call").isEqualTo(5);
            assertThat(guarded.quotaExceeded()).isEqualTo(3);
            assertThat(unguarded.received()).as("the SDK alone sends each futile call 3 times").isEqualTo(2 + 3 * 3);
            for (RunResult r : new RunResult[] {withAgent, withoutAgent}) {
                assertThat(r.lines("CALL ")).filteredOn(l -> l.contains(" ok ")).hasSize(2);
                assertThat(r.lines("CALL ")).filteredOn(l -> l.contains("error=RateLimitException") && l.contains("status=429")).hasSize(3);
            }
        }
    }
}
