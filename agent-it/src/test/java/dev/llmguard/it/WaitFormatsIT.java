package dev.llmguard.it;

import static dev.llmguard.it.support.ChildRuns.agentLinesWith;
import static dev.llmguard.it.support.ChildRuns.assertClean;
import static dev.llmguard.it.support.ChildRuns.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.support.ChildJvm;
import dev.llmguard.it.support.ChildRuns;
import dev.llmguard.it.support.OpenAiResponses;
import dev.llmguard.it.support.RecordingDispatcher;
import dev.llmguard.it.support.RecordingServer;
import dev.llmguard.it.support.RecordingDispatcher.Arrival;
import dev.llmguard.it.support.RunResult;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

/**
 * Every way a provider says how long to wait, end to end through a real JVM with the agent: the gap
 * between the 429 and the retry the server sees, and the source named in the log line. Garbage
 * values fall back to the guard's backoff without an error and without a retry storm.
 */
class WaitFormatsIT {
    @RegisterExtension
    final RecordingServer server = new RecordingServer();
    private final RecordingDispatcher dispatcher = server.dispatcher();

    /** One call per scripted wait: a 429 that names it, then a 200. */
    private static final class WaitCase {
        final String source;
        final long minMillis;
        final Supplier<MockResponse> rateLimited;

        WaitCase(String source, long minMillis, Supplier<MockResponse> rateLimited) {
            this.source = source;
            this.minMillis = minMillis;
            this.rateLimited = rateLimited;
        }
    }

    private RunResult runCalls(int calls, String agentArgs) throws Exception {
        ChildJvm jvm = ChildRuns.chatCalls(server.url("/v1/chat/completions"), calls);
        if (agentArgs != null) {
            jvm.agentArgs(agentArgs);
        }
        return assertClean(jvm.run());
    }

    private static MockResponse tooMany(String body) {
        return new MockResponse().setResponseCode(429).setHeader("content-type", "application/json").setBody(body);
    }

    private static MockResponse openAi429(String message) {
        return tooMany("{\"error\":{\"message\":\"" + message + "\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}");
    }

    private static MockResponse anthropic429() {
        return tooMany("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Rate limited.\"}}");
    }

    private static MockResponse gemini429(String retryDelay) {
        return tooMany("{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted (e.g. check quota).\",\"status\":\"RESOURCE_EXHAUSTED\","
                + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"" + retryDelay + "\"}]}}");
    }

    /** Whole seconds, as the providers send them: the wait is between 1 and 2 s from the moment of the answer. */
    private static Instant twoSecondsAhead() {
        return Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
    }

    @Test
    void honoursEveryProvidersWaitFormat() throws Exception {
        List<WaitCase> cases = List.of(
                new WaitCase("retry-after-ms", 600, () -> openAi429("Rate limited.").setHeader("retry-after-ms", "600")),
                new WaitCase("x-ms-retry-after-ms", 600, () -> openAi429("Rate limited.").setHeader("x-ms-retry-after-ms", "600")),
                new WaitCase("retry-after", 900, () -> openAi429("Rate limited.")
                        .setHeader("retry-after", DateTimeFormatter.RFC_1123_DATE_TIME.format(twoSecondsAhead().atOffset(ZoneOffset.UTC)))),
                new WaitCase("x-ratelimit-reset-requests", 700, () -> openAi429("Rate limited.")
                        .setHeader("x-ratelimit-limit-requests", "500").setHeader("x-ratelimit-remaining-requests", "0")
                        .setHeader("x-ratelimit-reset-requests", "700ms")),
                new WaitCase("anthropic-ratelimit-requests-reset", 900, () -> anthropic429()
                        .setHeader("anthropic-ratelimit-requests-limit", "50").setHeader("anthropic-ratelimit-requests-remaining", "0")
                        .setHeader("anthropic-ratelimit-requests-reset", twoSecondsAhead().toString())),
                new WaitCase("RetryInfo", 700, () -> gemini429("0.7s")),
                new WaitCase("message", 650, () -> openAi429("Rate limit reached for gpt-4o-mini. Please try again in 650ms.")),
                new WaitCase("ratelimit", 1000, () -> openAi429("Rate limited.")
                        .setHeader("RateLimit-Policy", "\"default\";q=50;w=60").setHeader("RateLimit", "\"default\";r=0;t=1")));
        for (WaitCase c : cases) {
            dispatcher.then(c.rateLimited).then(OpenAiResponses.ok());
        }

        // throttling off: eight 429s in a row for one quota would (rightly) slow its pace, adding to
        // each wait; this test measures the retry loop's waits alone (ThrottleIT covers pacing)
        RunResult result = runCalls(cases.size(), "throttle.enabled=false");

        List<Arrival> arrivals = dispatcher.arrivals();
        assertThat(arrivals).hasSize(2 * cases.size());
        for (int n = 0; n < cases.size(); n++) {
            WaitCase c = cases.get(n);
            assertThat(call(result, n)).contains("status=200");
            long gap = (arrivals.get(2 * n + 1).nanos - arrivals.get(2 * n).nanos) / 1_000_000;
            assertThat(gap).as("waited as " + c.source + " asked").isBetween(c.minMillis, c.minMillis + 1500);
            assertThat(agentLinesWith(result, "rate limited (429", "attempt 1 of 5", "(" + c.source + ")"))
                    .as(c.source + " named in the log").hasSize(1);
        }
    }

    @Test
    void givesUpAtOnceWhenTheServerAsksForMoreThanMaxServerWait() throws Exception {
        dispatcher.then(openAi429("Rate limited.").setHeader("retry-after", "3600"))
                .then(() -> anthropic429().setHeader("anthropic-ratelimit-requests-remaining", "0")
                        .setHeader("anthropic-ratelimit-requests-reset", Instant.now().plus(2, ChronoUnit.HOURS).toString()))
                .then(gemini429("90s"));

        // throttling off: it would pause the quota for the first hour-long wait and answer the next
        // two calls locally (ThrottleIT covers that); here each format must reach the retry loop
        RunResult result = runCalls(3, "retry.max-server-wait=60s,throttle.enabled=false");

        assertThat(dispatcher.count()).isEqualTo(3);
        for (int n = 0; n < 3; n++) {
            assertThat(call(result, n)).contains("status=429");
        }
        for (String source : new String[] {"(retry-after)", "(anthropic-ratelimit-requests-reset)", "(RetryInfo)"}) {
            assertThat(agentLinesWith(result, "giving up (429", "attempt 1 of 5", "more than llmguard.retry.max-server-wait (60.00 s)", source))
                    .as(source).hasSize(1);
        }
        assertThat(result.elapsedMillis).as("no sleeping on an hour's wait").isLessThan(20_000);
    }

    @Test
    void garbageWaitsFallBackToBackoffWithoutErrorsOrAStorm() throws Exception {
        List<Supplier<MockResponse>> garbage = new ArrayList<>();
        for (String v : new String[] {"-5", "abc", "0", "99999999999999999999999", "Wed, 21 Oct 2015 07:28:00 GMT", "1e3", ""}) {
            garbage.add(() -> openAi429("Rate limited.").setHeader("retry-after", v));
        }
        garbage.add(() -> openAi429("Rate limited.").setHeader("retry-after-ms", "NaN").setHeader("x-ms-retry-after-ms", "-100"));
        garbage.add(() -> openAi429("Rate limited.").setHeader("x-ratelimit-remaining-requests", "0").setHeader("x-ratelimit-reset-requests", "-1s"));
        garbage.add(() -> anthropic429().setHeader("anthropic-ratelimit-requests-remaining", "0")
                .setHeader("anthropic-ratelimit-requests-reset", "2015-10-21T07:28:00Z"));
        garbage.add(() -> gemini429("-3s"));
        garbage.add(() -> openAi429("Rate limited.").setHeader("RateLimit", "\"default\";r=0;t=-1"));
        garbage.add(() -> openAi429("Please try again in NaNms."));
        for (Supplier<MockResponse> g : garbage) {
            dispatcher.then(g).then(OpenAiResponses.ok());
        }

        // every call's retry is backed off and so drawn from the host's retry budget, whose floor (10 per 10 s) this
        // burst of 13 rate-limited calls in a row would spend: this test is about reading the waits, not the budget
        RunResult result = runCalls(garbage.size(), "retry.base-delay=40ms,retry.max-delay=200ms,retry.budget-min-retries=100");

        assertThat(dispatcher.count()).as("one retry per call, no more").isEqualTo(2 * garbage.size());
        for (int n = 0; n < garbage.size(); n++) {
            assertThat(call(result, n)).contains("status=200");
        }
        assertThat(agentLinesWith(result, "rate limited (429", "attempt 1 of 5", "(backoff)")).hasSize(garbage.size());
    }
}
