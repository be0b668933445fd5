package dev.llmguard.core.classify;

import dev.llmguard.core.http.Headers;
import dev.llmguard.core.http.ResponseInfo;
import dev.llmguard.core.ratelimit.RateLimitSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static org.assertj.core.api.Assertions.assertThat;

class ServerWaitParserTest {

    private static final long NOW = Instant.parse("2024-04-01T12:00:00Z").toEpochMilli();
    private static final long DAYS_365 = 365L * 24 * 3600 * 1000;

    private static String httpDate(long epochMillis) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC));
    }

    private static ServerWait wait(int status, String body, String... headers) {
        ResponseInfo r = ResponseInfo.of(status, Headers.of(headers), body);
        return ServerWaitParser.parse(r, NOW, ErrorBody.parse(r.errorBody()), RateLimitSnapshot.parse(r.headers(), NOW));
    }

    private static ServerWait wait(String... headers) {
        return wait(429, null, headers);
    }

    @Test
    void honoursRetryAfterMsOverRetryAfter() {
        ServerWait w = wait("retry-after", "3", "retry-after-ms", "1500", "x-ms-retry-after-ms", "2500");
        assertThat(w.millis()).isEqualTo(1500);
        assertThat(w.source()).isEqualTo("retry-after-ms");
        assertThat(w.isKnown()).isTrue();
    }

    @Test
    void honoursAzureMsRetryAfterOverRetryAfter() {
        ServerWait w = wait("retry-after", "3", "x-ms-retry-after-ms", "2500");
        assertThat(w).isEqualTo(ServerWait.of(2500, "x-ms-retry-after-ms"));
    }

    @Test
    void readsRetryAfterDeltaSeconds() {
        assertThat(wait("Retry-After", "20")).isEqualTo(ServerWait.of(20000, "retry-after"));
        assertThat(wait("retry-after", "1.5")).isEqualTo(ServerWait.of(1500, "retry-after"));
        assertThat(wait("retry-after", " 2 ")).isEqualTo(ServerWait.of(2000, "retry-after"));
    }

    @Test
    void readsRetryAfterHttpDateRelativeToNow() {
        assertThat(wait("retry-after", httpDate(NOW + 30_000))).isEqualTo(ServerWait.of(30000, "retry-after"));
        assertThat(wait("retry-after", "Mon, 01 Apr 2024 12:01:00 GMT").millis()).isEqualTo(60000);
    }

    @Test
    void pastHttpDateGivesNoWait() {
        assertThat(wait("retry-after", httpDate(NOW - 5_000))).isSameAs(ServerWait.NONE);
        assertThat(wait("retry-after", httpDate(NOW))).isSameAs(ServerWait.NONE);
    }

    @Test
    void zeroGivesNoWait() {
        assertThat(wait("retry-after", "0")).isSameAs(ServerWait.NONE);
        assertThat(wait("retry-after-ms", "0")).isSameAs(ServerWait.NONE);
        assertThat(wait("retry-after-ms", "0", "x-ratelimit-remaining-requests", "0",
                "x-ratelimit-reset-requests", "0s")).isSameAs(ServerWait.NONE);
    }

    @ParameterizedTest(name = "retry-after [{0}] falls through")
    @ValueSource(strings = {"", " ", "-1", "-0.5", "abc", "NaN", "Infinity", "-Infinity", "1e3", "0x10", "2s",
        "99999999999999999999999", "1.2.3", "Mon, 32 Apr 2024 12:00:00 GMT", "tomorrow", "0", "0.0"})
    void garbageRetryAfterFallsThroughToTheNextSource(String garbage) {
        ServerWait w = wait("retry-after-ms", garbage, "x-ms-retry-after-ms", garbage, "retry-after", garbage,
                "x-ratelimit-remaining-tokens", "0", "x-ratelimit-reset-tokens", "6s");
        assertThat(w).isEqualTo(ServerWait.of(6000, "x-ratelimit-reset-tokens"));
    }

    @ParameterizedTest(name = "[{0}] gives no wait")
    @ValueSource(strings = {"", "-1", "NaN", "-Infinity", "99999999999999999999999", "abc", "0"})
    void garbageEverywhereGivesNone(String garbage) {
        ServerWait w = wait(429, "{\"error\":{\"message\":\"Please try again in " + garbage + "\"}}",
                "retry-after-ms", garbage, "retry-after", garbage, "x-ratelimit-remaining-requests", "0",
                "x-ratelimit-reset-requests", garbage, "RateLimit", "\"d\";r=0;t=" + garbage);
        assertThat(w).isSameAs(ServerWait.NONE);
        assertThat(w.millis()).isZero();
    }

    @Test
    void absurdlyLargeWaitsAreClampedTo365Days() {
        ServerWait w = wait("retry-after", "100000000");
        assertThat(w.millis()).isEqualTo(DAYS_365);
        assertThat(w.source()).isEqualTo("retry-after");
        assertThat(wait("retry-after-ms", "9223372036854775807").millis()).isEqualTo(DAYS_365);
    }

    @Test
    void readsGeminiRetryInfoAfterHeaders() {
        ServerWait w = wait(429, ProviderSamples.GEMINI_429_PER_MINUTE);
        assertThat(w).isEqualTo(ServerWait.of(30000, "RetryInfo"));
        assertThat(wait(429, ProviderSamples.GEMINI_429_PER_MINUTE, "retry-after", "5").source()).isEqualTo("retry-after");
    }

    @Test
    void readsFractionalGeminiRetryDelay() {
        ServerWait w = wait(429, "{\"error\":{\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
                + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"1.5s\"}]}}");
        assertThat(w).isEqualTo(ServerWait.of(1500, "RetryInfo"));
    }

    @Test
    void readsIetfRateLimitOfExhaustedPolicy() {
        assertThat(wait("RateLimit", "\"default\";r=0;t=30")).isEqualTo(ServerWait.of(30000, "ratelimit"));
        assertThat(wait("RateLimit", "\"a\";r=5;t=10, \"b\";r=0;t=40, \"c\";r=0;t=20")).isEqualTo(ServerWait.of(40000, "ratelimit"));
        assertThat(wait("RateLimit", "\"default\";r=50;t=30")).isSameAs(ServerWait.NONE);
        assertThat(wait("RateLimit-Reset", "12")).isEqualTo(ServerWait.of(12000, "ratelimit"));
        assertThat(wait("RateLimit-Remaining", "3", "RateLimit-Reset", "12")).isSameAs(ServerWait.NONE);
    }

    @Test
    void retryInfoBeatsIetfAndIetfBeatsResetHeaders() {
        assertThat(wait(429, ProviderSamples.GEMINI_429_PER_MINUTE, "RateLimit", "\"d\";r=0;t=9").source())
                .isEqualTo("RetryInfo");
        assertThat(wait("RateLimit", "\"d\";r=0;t=9", "x-ratelimit-remaining-requests", "0",
                "x-ratelimit-reset-requests", "20s").source()).isEqualTo("ratelimit");
    }

    @Test
    void usesResetOfTheExhaustedOpenAiDimension() {
        ServerWait tokens = wait("x-ratelimit-remaining-requests", "499", "x-ratelimit-reset-requests", "120ms",
                "x-ratelimit-remaining-tokens", "0", "x-ratelimit-reset-tokens", "6m0s");
        assertThat(tokens).isEqualTo(ServerWait.of(360000, "x-ratelimit-reset-tokens"));

        ServerWait requests = wait("x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "1m1.5s",
                "x-ratelimit-remaining-tokens", "29000", "x-ratelimit-reset-tokens", "4h43m36.314s");
        assertThat(requests).isEqualTo(ServerWait.of(61500, "x-ratelimit-reset-requests"));
    }

    @Test
    void bothDimensionsExhaustedTakesTheLaterReset() {
        ServerWait w = wait("x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "2s",
                "x-ratelimit-remaining-tokens", "0", "x-ratelimit-reset-tokens", "7s");
        assertThat(w).isEqualTo(ServerWait.of(7000, "x-ratelimit-reset-tokens"));
    }

    @Test
    void usesResetOfTheExhaustedAnthropicDimension() {
        ServerWait w = wait(
                "anthropic-ratelimit-requests-remaining", "40", "anthropic-ratelimit-requests-reset", "2024-04-01T12:00:01Z",
                "anthropic-ratelimit-input-tokens-remaining", "0",
                "anthropic-ratelimit-input-tokens-reset", "2024-04-01T12:00:12.5Z",
                "anthropic-ratelimit-tokens-remaining", "1000", "anthropic-ratelimit-tokens-reset", "2024-04-01T12:00:03Z");
        assertThat(w).isEqualTo(ServerWait.of(12500, "anthropic-ratelimit-input-tokens-reset"));
        ServerWait out = wait("anthropic-ratelimit-output-tokens-remaining", "0",
                "anthropic-ratelimit-output-tokens-reset", "2024-04-01T12:00:04Z");
        assertThat(out.source()).isEqualTo("anthropic-ratelimit-output-tokens-reset");
        ServerWait all = wait("anthropic-ratelimit-tokens-remaining", "0",
                "anthropic-ratelimit-tokens-reset", "2024-04-01T12:00:04Z");
        assertThat(all).isEqualTo(ServerWait.of(4000, "anthropic-ratelimit-tokens-reset"));
        ServerWait req = wait("anthropic-ratelimit-requests-remaining", "0",
                "anthropic-ratelimit-requests-reset", "2024-04-01T12:00:04Z");
        assertThat(req.source()).isEqualTo("anthropic-ratelimit-requests-reset");
    }

    @Test
    void anthropicRetryAfterWinsOverResetHeaders() {
        ServerWait w = wait(429, ProviderSamples.ANTHROPIC_429, "retry-after", "17",
                "anthropic-ratelimit-input-tokens-remaining", "0",
                "anthropic-ratelimit-input-tokens-reset", "2024-04-01T12:00:12Z");
        assertThat(w).isEqualTo(ServerWait.of(17000, "retry-after"));
    }

    @Test
    void pastAnthropicResetFallsThrough() {
        ServerWait w = wait(429, ProviderSamples.OPENAI_429_REQUESTS,
                "anthropic-ratelimit-requests-remaining", "0", "anthropic-ratelimit-requests-reset", "2024-04-01T11:00:00Z");
        assertThat(w).isEqualTo(ServerWait.of(20000, "message"));
    }

    @Test
    void resetHeadersAreUsedOnlyFor429() {
        assertThat(wait(503, null, "x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "2s"))
                .isSameAs(ServerWait.NONE);
        assertThat(wait(200, null, "x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "2s"))
                .isSameAs(ServerWait.NONE);
    }

    @Test
    void nothingExhaustedPrefersTheMessageThenTheLargestReset() {
        ServerWait fromMessage = wait(429, ProviderSamples.OPENAI_429_TOKENS,
                "x-ratelimit-remaining-requests", "499", "x-ratelimit-reset-requests", "120ms",
                "x-ratelimit-remaining-tokens", "217", "x-ratelimit-reset-tokens", "59.5s");
        assertThat(fromMessage).isEqualTo(ServerWait.of(2014, "message"));

        ServerWait largest = wait(429, null,
                "x-ratelimit-remaining-requests", "499", "x-ratelimit-reset-requests", "120ms",
                "x-ratelimit-remaining-tokens", "217", "x-ratelimit-reset-tokens", "59.5s");
        assertThat(largest).isEqualTo(ServerWait.of(59500, "x-ratelimit-reset-tokens"));

        ServerWait onlyResets = wait("x-ratelimit-reset-requests", "3s");
        assertThat(onlyResets).isEqualTo(ServerWait.of(3000, "x-ratelimit-reset-requests"));
    }

    @Test
    void exhaustedDimensionWithoutUsableResetDoesNotBorrowAnotherDimensionsReset() {
        ServerWait w = wait("x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "garbage",
                "x-ratelimit-remaining-tokens", "5000", "x-ratelimit-reset-tokens", "30s");
        assertThat(w).isSameAs(ServerWait.NONE);
    }

    @Test
    void readsOpenAiMessageWaits() {
        assertThat(wait(429, ProviderSamples.OPENAI_429_TOKENS)).isEqualTo(ServerWait.of(2014, "message"));
        assertThat(wait(429, ProviderSamples.OPENAI_429_REQUESTS)).isEqualTo(ServerWait.of(20000, "message"));
        String[][] cases = {{"456ms", "456"}, {"1.5s", "1500"}, {"20s", "20000"}, {"6m0s", "360000"},
            {"1m1.5s", "61500"}};
        for (String[] c : cases) {
            String body = "{\"error\":{\"message\":\"Rate limit reached. Please try again in " + c[0]
                    + ". Visit https://platform.openai.com/account/rate-limits to learn more.\",\"code\":\"rate_limit_exceeded\"}}";
            assertThat(wait(429, body).millis()).as(c[0]).isEqualTo(Long.parseLong(c[1]));
        }
    }

    @Test
    void messageWaitFallsBackForOtherStatusesToo() {
        assertThat(wait(503, "{\"error\":{\"message\":\"Busy. Please try again in 3s.\"}}"))
                .isEqualTo(ServerWait.of(3000, "message"));
    }

    private static ServerWait messageWait(String message) {
        return wait(429, "{\"error\":{\"message\":\"" + message + "\"}}");
    }

    @Test
    void readsOtherMessagePhrasings() {
        assertThat(messageWait("Please retry in 35.451186813s.")).isEqualTo(ServerWait.of(35452, "message"));
        assertThat(messageWait("... Please retry after 2 seconds.")).isEqualTo(ServerWait.of(2000, "message"));
        assertThat(messageWait("Try again in 1 minute")).isEqualTo(ServerWait.of(60000, "message"));
        assertThat(messageWait("please TRY AGAIN IN 250 ms")).isEqualTo(ServerWait.of(250, "message"));
        assertThat(messageWait("try again in a moment, or try again in 4s")).isEqualTo(ServerWait.of(4000, "message"));
        assertThat(messageWait("Please try again later.")).isSameAs(ServerWait.NONE);
        assertThat(messageWait("Please try again in -5s.")).isSameAs(ServerWait.NONE);
        assertThat(messageWait("try again in ")).isSameAs(ServerWait.NONE);
        assertThat(wait(429, "{\"error\":{\"type\":\"tokens\"}}")).isSameAs(ServerWait.NONE);
    }

    @Test
    void retryAfterReadsBothForms() {
        assertThat(wait("retry-after", "7")).isEqualTo(ServerWait.of(7000, "retry-after"));
        assertThat(wait("retry-after", httpDate(NOW + 9000))).isEqualTo(ServerWait.of(9000, "retry-after"));
        assertThat(wait("retry-after", httpDate(NOW - 9000))).isSameAs(ServerWait.NONE);
        assertThat(wait("retry-after", "-7")).isSameAs(ServerWait.NONE);
        assertThat(wait(429, null)).isSameAs(ServerWait.NONE);
    }

    @Test
    void readsTheGivenBodyAndSnapshotRatherThanTheResponse() {
        ResponseInfo r = ResponseInfo.of(429, Headers.of("x-ratelimit-remaining-tokens", "0",
                "x-ratelimit-reset-tokens", "9s"), ProviderSamples.OPENAI_429_TOKENS);
        RateLimitSnapshot snapshot = RateLimitSnapshot.parse(r.headers(), NOW);
        ErrorBody body = ErrorBody.parse(r.errorBody());
        assertThat(ServerWaitParser.parse(r, NOW, body, snapshot)).isEqualTo(ServerWait.of(9000, "x-ratelimit-reset-tokens"));
        assertThat(ServerWaitParser.parse(r, NOW, ErrorBody.EMPTY, RateLimitSnapshot.EMPTY)).isSameAs(ServerWait.NONE);
    }

    @Test
    void neverNegativeForAnyCombination() {
        String[] values = {"-1", "0", "1", "1.5", "NaN", "", "99999999999999999999", "1s", "-1s",
            "2024-04-01T11:00:00Z", "Mon, 01 Apr 2024 11:00:00 GMT"};
        String[] names = {"retry-after-ms", "x-ms-retry-after-ms", "retry-after", "x-ratelimit-reset-requests",
            "anthropic-ratelimit-tokens-reset", "RateLimit-Reset"};
        for (String name : names) {
            for (String value : values) {
                for (int status : new int[] {200, 429, 503}) {
                    ServerWait w = wait(status, "{\"error\":{\"message\":\"try again in " + value + "\"}}",
                            name, value, "x-ratelimit-remaining-requests", "0");
                    assertThat(w.millis()).as(name + "=" + value).isBetween(0L, DAYS_365);
                    assertThat(w.isKnown()).isEqualTo(w.millis() > 0);
                }
            }
        }
    }
}
