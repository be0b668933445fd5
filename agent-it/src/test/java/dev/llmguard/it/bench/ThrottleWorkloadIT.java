package dev.llmguard.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.demo.simulator.LlmApiSimulator;
import dev.llmguard.demo.simulator.RetryAfterMode;
import dev.llmguard.it.bench.ThrottleRunner.Client;
import dev.llmguard.it.bench.ThrottleRunner.Configuration;
import dev.llmguard.it.bench.ThrottleRunner.Result;
import dev.llmguard.it.bench.ThrottleRunner.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The throttling benchmark in small, as a check: 16 plain OkHttp or JDK client workers with the agent at zero
 * configuration against a 1,200 RPM server. Every call succeeds and the server answers almost
 * nothing with 429, while the quota is still used (the margins are wide: a loaded build machine
 * stalls the client now and then). The full benchmark is {@link ThrottleBenchmark}.
 */
class ThrottleWorkloadIT {
    private static final Scenario REQUESTS_BOUND =
            new Scenario("requests-bound", 1200, 1_000_000, 64, 16, RetryAfterMode.RETRY_AFTER);
    /** 480,000 TPM at 400 characters and 100 output tokens a request; the server's tokenizer counts otherwise. */
    private static final Scenario COUNTS_DOUBLE = new Scenario("tokens-bound", 12_000, 480_000, 400, 100, RetryAfterMode.RETRY_AFTER, 2.0);
    private static final Scenario COUNTS_HALF = new Scenario("tokens-bound", 12_000, 480_000, 400, 100, RetryAfterMode.RETRY_AFTER, 0.5);

    private static LlmApiSimulator sim;
    private static LlmApiSimulator warmup;

    @BeforeAll
    static void startServers() {
        sim = REQUESTS_BOUND.startSimulator();
        warmup = ThrottleRunner.startWarmupSimulator();
    }

    @AfterAll
    static void stopServers() {
        sim.close();
        warmup.close();
    }

    @ParameterizedTest
    @EnumSource(value = Client.class, names = {"OKHTTP_SYNC", "OKHTTP_ASYNC", "JDK_SYNC", "JDK_ASYNC", "URLCONNECTION_SYNC"})
    void zeroConfigurationPacesBelowTheLimitsItLearns(Client client) throws Exception {
        Result r = ThrottleRunner.run(sim, warmup, REQUESTS_BOUND, client, Configuration.ZERO_CONFIG, 16, 8, 50);
        String report = ThrottleReport.markdown(java.util.List.of(r), client.label) + "\n" + r.agentLog();

        assertThat(r.unfinished()).as(report).isZero();
        assertThat(r.calls()).as(report).isGreaterThan(100);
        assertThat(r.succeeded()).as(report).isEqualTo(r.calls());
        assertThat(r.server429Percent()).as(report).isLessThanOrEqualTo(2.0);
        assertThat(r.goodputPercent()).as(report).isGreaterThanOrEqualTo(70.0);
        assertThat(r.agentLog()).as(report).doesNotContain("internal error").doesNotContain("strict mode");
    }

    /**
     * A server whose tokenizer counts twice, then half, the agent's characters/4 estimate: the agent
     * learns the ratio from the responses' usage, so it neither draws 429s by under-charging nor
     * leaves the quota unused by over-charging.
     */
    @ParameterizedTest
    @ValueSource(doubles = {2.0, 0.5})
    void zeroConfigurationLearnsHowTheServerCountsTokens(double ratio) throws Exception {
        Scenario scenario = ratio > 1 ? COUNTS_DOUBLE : COUNTS_HALF;
        try (LlmApiSimulator tokensBound = scenario.startSimulator()) {
            Result r = ThrottleRunner.run(tokensBound, warmup, scenario, Client.OKHTTP_SYNC, Configuration.ZERO_CONFIG, 16, 8, 50);
            String table = ThrottleReport.markdown(java.util.List.of(r), scenario.serverText());
            System.out.println(table);
            String report = table + "\n" + r.agentLog();

            assertThat(r.unfinished()).as(report).isZero();
            assertThat(r.succeeded()).as(report).isEqualTo(r.calls());
            assertThat(r.server429Percent()).as(report).isLessThanOrEqualTo(3.0);
            // charging the estimate as it is leaves a quarter of the quota unused at 0.5x
            assertThat(r.goodputPercent()).as(report).isGreaterThanOrEqualTo(85.0);
        }
    }
}
