package dev.llmguard.it;

import static dev.llmguard.it.support.OpenAiResponses.ok;
import static dev.llmguard.it.support.OpenAiResponses.rateLimited;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.support.ChatCallsServer;
import dev.llmguard.it.support.ChildJvm;
import dev.llmguard.it.support.Jdk;
import dev.llmguard.it.support.OkHttpVersion;
import dev.llmguard.it.support.RecordingDispatcher.Arrival;
import dev.llmguard.it.support.RunResult;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Pacing, quota pauses and local refusals, seen from the server's side, in real JVMs with the agent. */
class ThrottleIT {
    @RegisterExtension
    final ChatCallsServer server = new ChatCallsServer();

    static Stream<Arguments> matrix() {
        return ChatCallsServer.okHttpByJdk();
    }

    private RunResult run(OkHttpVersion v, Jdk jdk, Consumer<ChildJvm> customizer, String... args) throws Exception {
        return server.run(v, jdk, customizer, args);
    }

    private static long millisBetween(Arrival a, Arrival b) {
        return ChatCallsServer.millisBetween(a, b);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("matrix")
    void refusesLocallyWithA429WhenTheQuotaWouldWaitTooLong(OkHttpVersion v, Jdk jdk) throws Exception {
        server.dispatcher().then(rateLimited().setHeader("retry-after", "5")).then(ok());

        RunResult result = run(v, jdk, jvm -> jvm.agentArgs("retry.max-attempts=1,throttle.max-wait=1s"), "calls=2");

        assertThat(server.dispatcher().count()).as("the refused call never reached the server").isEqualTo(1);
        List<String> calls = result.lines("CALL ");
        assertThat(calls.get(0)).contains("status=429").doesNotContain("guard=");
        assertThat(calls.get(1)).contains("status=429").contains("guard=refused").contains("\"code\":\"rate_limit_exceeded\"");
        int retryAfter = Integer.parseInt(calls.get(1).replaceAll(".*retry-after=(\\d+).*", "$1"));
        assertThat(retryAfter).isBetween(3, 5);
        assertThat(result.agentLines()).anySatisfy(line -> assertThat(line).contains("WARN").contains("refused locally (429)")
                .contains("llmguard.throttle.max-wait"));
    }

    @Test
    void pacesRequestsToConfiguredLimits() throws Exception {
        server.dispatcher().then(ok());

        RunResult result = run(OkHttpVersion.OKHTTP_4, Jdk.current(), jvm -> jvm.property("llmguard.limits.default", "rpm=120"), "calls=7");

        assertThat(result.lines("CALL ")).hasSize(7).allSatisfy(line -> assertThat(line).contains("status=200"));
        List<Arrival> arrivals = server.dispatcher().arrivals();
        assertThat(arrivals).hasSize(7);
        // 120 rpm less 2% headroom: one request about every 0.51 s after the first
        assertThat(millisBetween(arrivals.get(0), arrivals.get(6))).isBetween(2_600L, 6_000L);
    }

    @Test
    void learnsLimitsFromTheProvidersHeadersAndPacesBelowThem() throws Exception {
        server.dispatcher().then(ok().setHeader("x-ratelimit-limit-requests", "60").setHeader("x-ratelimit-remaining-requests", "59")
                .setHeader("x-ratelimit-reset-requests", "1s"));

        RunResult result = run(OkHttpVersion.OKHTTP_4, Jdk.current(), jvm -> { }, "calls=4");

        assertThat(result.lines("CALL ")).hasSize(4).allSatisfy(line -> assertThat(line).contains("status=200"));
        List<Arrival> arrivals = server.dispatcher().arrivals();
        assertThat(millisBetween(arrivals.get(0), arrivals.get(3))).as("60 rpm: about one per second").isBetween(1_800L, 5_000L);
        assertThat(result.agentLines()).anySatisfy(line -> assertThat(line).contains("learned limits rpm=60"));
    }

    @Test
    void otherRequestsForTheQuotaWaitOutA429InsteadOfHammering() throws Exception {
        server.dispatcher().then(rateLimited().setHeader("retry-after", "1")).then(ok());

        RunResult result = run(OkHttpVersion.OKHTTP_4, Jdk.current(), jvm -> { }, "calls=4", "mode=async");

        assertThat(result.lines("CALL ")).hasSize(4).allSatisfy(line -> assertThat(line).contains("status=200"));
        List<Arrival> arrivals = server.dispatcher().arrivals();
        assertThat(arrivals).as("one 429, then each call exactly once").hasSize(5);
        for (int i = 1; i < arrivals.size(); i++) {
            assertThat(millisBetween(arrivals.get(0), arrivals.get(i))).as("request " + i + " waited for the pause").isGreaterThanOrEqualTo(950L);
        }
    }

    @Test
    void observeModeLogsWhatItWouldDoButSendsTrafficUnchanged() throws Exception {
        server.dispatcher().then(rateLimited().setHeader("retry-after-ms", "300")).then(ok());

        RunResult result = run(OkHttpVersion.OKHTTP_4, Jdk.current(), jvm -> jvm.property("llmguard.mode", "observe")
                .property("llmguard.limits.default", "rpm=60").property("llmguard.throttle.max-wait", "1s"), "calls=4");

        List<String> calls = result.lines("CALL ");
        assertThat(calls.get(0)).as("not retried in observe mode").contains("status=429");
        assertThat(calls.subList(1, 4)).allSatisfy(line -> assertThat(line).contains("status=200").doesNotContain("guard="));
        List<Arrival> arrivals = server.dispatcher().arrivals();
        assertThat(arrivals).hasSize(4);
        assertThat(millisBetween(arrivals.get(0), arrivals.get(3))).as("not paced in observe mode").isLessThan(900L);
        assertThat(result.agentLines()).anySatisfy(line -> assertThat(line).contains("would retry in").contains("[observe mode"));
        assertThat(result.agentLines()).anySatisfy(line -> assertThat(line).contains("would refuse locally"));
    }
}
