package dev.llmguard.core.classify;

import dev.llmguard.core.classify.Verdict.Kind;
import dev.llmguard.core.http.Headers;
import dev.llmguard.core.http.ResponseInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseClassifierTest {

    private static final long NOW = Instant.parse("2024-04-01T12:00:00Z").toEpochMilli();

    private static Verdict classify(int status, String body, String... headers) {
        return ResponseFacts.read(ResponseInfo.of(status, Headers.of(headers), body), NOW).verdict();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {100, 200, 201, 204, 206, 301, 302, 304, 399})
    void informationalSuccessAndRedirectAreSuccess(int status) {
        Verdict v = classify(status, null, "retry-after", "5", "x-should-retry", "true");
        assertThat(v.kind()).isEqualTo(Kind.SUCCESS);
        assertThat(v.serverWait()).isSameAs(ServerWait.NONE);
        assertThat(v.reason()).isEqualTo("status " + status);
        assertThat(v.toString()).isEqualTo("Verdict[SUCCESS " + status + " status " + status + "]");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {408, 429, 500, 502, 503, 504, 529})
    void retryableStatusesAreRetryable(int status) {
        Verdict v = classify(status, null);
        assertThat(v.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(v.reason()).isEqualTo("status " + status);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {400, 401, 402, 403, 404, 405, 409, 410, 413, 415, 422, 451, 501, 505, 599, 600, 999})
    void otherErrorStatusesAreNotRetryable(int status) {
        Verdict v = classify(status, null, "retry-after", "5");
        assertThat(v.kind()).isEqualTo(Kind.NOT_RETRYABLE);
        assertThat(v.reason()).isEqualTo("status " + status);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {0, -1, 42, 99})
    void nonsenseStatusesAreNotRetryable(int status) {
        assertThat(classify(status, null).kind()).isEqualTo(Kind.NOT_RETRYABLE);
    }

    @Test
    void openAiTokenRateLimitIsRetryableWithTheMessageWait() {
        Verdict v = classify(429, ProviderSamples.OPENAI_429_TOKENS,
                "x-ratelimit-remaining-tokens", "217", "x-ratelimit-remaining-requests", "499");
        assertThat(v.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(v.reason()).isEqualTo("rate_limit_exceeded");
        assertThat(v.limitType()).isEqualTo("tokens");
        assertThat(v.serverWait()).isEqualTo(ServerWait.of(2014, "message"));
        assertThat(v.toString()).startsWith("Verdict[RETRYABLE 429 ");
    }

    @Test
    void openAiRequestRateLimitNamesRequestsAndUsesResetHeader() {
        Verdict v = classify(429, ProviderSamples.OPENAI_429_REQUESTS,
                "x-ratelimit-limit-requests", "3", "x-ratelimit-remaining-requests", "0",
                "x-ratelimit-reset-requests", "19.2s");
        assertThat(v.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(v.limitType()).isEqualTo("requests");
        assertThat(v.serverWait()).isEqualTo(ServerWait.of(19200, "x-ratelimit-reset-requests"));
    }

    @Test
    void slowDownIsRetryable() {
        Verdict v = classify(429, ProviderSamples.OPENAI_429_SLOW_DOWN);
        assertThat(v.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(v.reason()).isEqualTo("slow_down");
    }

    @Test
    void insufficientQuotaIsFutile() {
        Verdict v = classify(429, ProviderSamples.OPENAI_429_INSUFFICIENT_QUOTA);
        assertThat(v.kind()).isEqualTo(Kind.FUTILE);
        assertThat(v.reason()).isEqualTo("insufficient_quota");
    }

    @Test
    void insufficientQuotaIsFutileEvenWithRateLimitCode() {
        Verdict v = classify(429, "{\"error\":{\"message\":\"You exceeded your current quota.\","
                + "\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}");
        assertThat(v.kind()).isEqualTo(Kind.FUTILE);
        assertThat(v.reason()).isEqualTo("insufficient_quota");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"insufficient_quota", "credit_balance_exhausted", "organization_spend_limit_exceeded",
        "project_spend_limit_exceeded", "organization_usage_limit_exceeded"})
    void billingCodesAreFutileWhateverTheType(String code) {
        Verdict withType = classify(429, "{\"error\":{\"message\":\"m\",\"type\":\"insufficient_quota\",\"code\":\""
                + code + "\"}}");
        assertThat(withType.kind()).isEqualTo(Kind.FUTILE);
        assertThat(withType.reason()).isEqualTo(code);
        Verdict withoutType = classify(429, "{\"error\":{\"message\":\"m\",\"type\":\"requests\",\"code\":\"" + code + "\"}}");
        assertThat(withoutType.kind()).isEqualTo(Kind.FUTILE);
        assertThat(withoutType.reason()).isEqualTo(code);
    }

    @Test
    void futileWinsOverShouldRetryTrue() {
        Verdict v = classify(429, ProviderSamples.OPENAI_429_INSUFFICIENT_QUOTA, "x-should-retry", "true",
                "retry-after", "1");
        assertThat(v.kind()).isEqualTo(Kind.FUTILE);
        assertThat(v.serverWait().millis()).isEqualTo(1000);
    }

    @Test
    void anthropicSpendLimitIsFutile() {
        Verdict v = classify(429, ProviderSamples.ANTHROPIC_429_SPEND_LIMIT);
        assertThat(v.kind()).isEqualTo(Kind.FUTILE);
        assertThat(v.reason()).isEqualTo("enforced_spend_limit_reached");
        assertThat(v.serverWait().isKnown()).isFalse();
    }

    @Test
    void anthropicRateLimitIsRetryableWithRetryAfterAndInputTokens() {
        Verdict v = classify(429, ProviderSamples.ANTHROPIC_429, "retry-after", "24",
                "anthropic-ratelimit-input-tokens-remaining", "0",
                "anthropic-ratelimit-input-tokens-reset", "2024-04-01T12:00:24Z");
        assertThat(v.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(v.reason()).isEqualTo("rate_limit_error");
        assertThat(v.limitType()).isEqualTo("input-tokens");
        assertThat(v.serverWait()).isEqualTo(ServerWait.of(24000, "retry-after"));
    }

    @Test
    void anthropicLimitTypeComesFromExhaustedHeaderWhenMessageIsSilent() {
        Verdict v = classify(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Rate limited\"}}",
                "anthropic-ratelimit-output-tokens-remaining", "0",
                "anthropic-ratelimit-output-tokens-reset", "2024-04-01T12:00:05Z");
        assertThat(v.limitType()).isEqualTo("output-tokens");
        assertThat(v.serverWait()).isEqualTo(ServerWait.of(5000, "anthropic-ratelimit-output-tokens-reset"));
    }

    @Test
    void anthropicOverloadedIsRetryable() {
        Verdict v = classify(529, ProviderSamples.ANTHROPIC_529);
        assertThat(v.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(v.reason()).isEqualTo("overloaded_error");
        Verdict api = classify(500, ProviderSamples.ANTHROPIC_500);
        assertThat(api.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(api.reason()).isEqualTo("api_error");
    }

    @Test
    void openAiServerOverloadedIsRetryable() {
        Verdict v = classify(503, ProviderSamples.OPENAI_503_OVERLOADED);
        assertThat(v.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(v.reason()).isEqualTo("server_is_overloaded");
        assertThat(classify(500, ProviderSamples.OPENAI_500).reason()).isEqualTo("server_error");
    }

    @Test
    void geminiPerMinuteQuotaIsRetryableWithRetryInfo() {
        Verdict v = classify(429, ProviderSamples.GEMINI_429_PER_MINUTE);
        assertThat(v.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(v.reason()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(v.limitType()).isEqualTo("requests");
        assertThat(v.serverWait()).isEqualTo(ServerWait.of(30000, "RetryInfo"));
    }

    @Test
    void geminiPerDayQuotaIsFutile() {
        Verdict v = classify(429, ProviderSamples.GEMINI_429_PER_DAY);
        assertThat(v.kind()).isEqualTo(Kind.FUTILE);
        assertThat(v.reason()).isEqualTo("per-day quota exhausted");
        assertThat(v.serverWait().millis()).isEqualTo(31000);
    }

    @Test
    void geminiLimitZeroIsFutile() {
        Verdict v = classify(429, ProviderSamples.GEMINI_429_LIMIT_ZERO);
        assertThat(v.kind()).isEqualTo(Kind.FUTILE);
        assertThat(v.reason()).isEqualTo("quota limit 0");
    }

    @Test
    void geminiLimitWithOtherDigitsIsNotZero() {
        for (String limit : new String[] {"limit: 05", "limit: 0.5", "limit: 50"}) {
            Verdict v = classify(429, "{\"error\":{\"code\":429,\"message\":\"Quota exceeded, " + limit
                    + ", model: m\",\"status\":\"RESOURCE_EXHAUSTED\"}}");
            assertThat(v.kind()).as(limit).isEqualTo(Kind.RETRYABLE);
        }
    }

    @Test
    void geminiErrorsOtherThanQuotaFollowTheStatus() {
        assertThat(classify(400, ProviderSamples.GEMINI_400).kind()).isEqualTo(Kind.NOT_RETRYABLE);
        Verdict unavailable = classify(503, ProviderSamples.GEMINI_503);
        assertThat(unavailable.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(unavailable.reason()).isEqualTo("UNAVAILABLE");
    }

    @Test
    void shouldRetryFalseIsNotRetryable() {
        Verdict v = classify(429, ProviderSamples.OPENAI_429_TOKENS, "x-should-retry", "false");
        assertThat(v.kind()).isEqualTo(Kind.NOT_RETRYABLE);
        assertThat(v.reason()).isEqualTo("x-should-retry: false");
        assertThat(classify(503, null, "X-Should-Retry", " FALSE ").kind()).isEqualTo(Kind.NOT_RETRYABLE);
    }

    @Test
    void shouldRetryTrueMakesAnyErrorStatusRetryable() {
        Verdict v = classify(409, "{\"error\":{\"message\":\"conflict\",\"type\":\"conflict\"}}", "x-should-retry", "true");
        assertThat(v.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(v.reason()).isEqualTo("x-should-retry: true");
        assertThat(classify(400, null, "x-should-retry", "true").kind()).isEqualTo(Kind.RETRYABLE);
        Verdict rateLimited = classify(429, ProviderSamples.OPENAI_429_TOKENS, "x-should-retry", "true");
        assertThat(rateLimited.reason()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void shouldRetryGarbageIsIgnored() {
        assertThat(classify(400, null, "x-should-retry", "maybe").kind()).isEqualTo(Kind.NOT_RETRYABLE);
        assertThat(classify(429, null, "x-should-retry", "").kind()).isEqualTo(Kind.RETRYABLE);
    }

    @Test
    void requestTooLargeForTheTokenLimitIsNotRetryable() {
        Verdict v = classify(429, ProviderSamples.OPENAI_429_REQUEST_TOO_LARGE);
        assertThat(v.kind()).isEqualTo(Kind.NOT_RETRYABLE);
        assertThat(v.reason()).isEqualTo("request too large");
        assertThat(v.limitType()).isEqualTo("tokens");
    }

    @Test
    void clientErrorsAreNotRetryableEvenWithRetryAfter() {
        Verdict bad = classify(400, ProviderSamples.OPENAI_400, "retry-after", "1");
        assertThat(bad.kind()).isEqualTo(Kind.NOT_RETRYABLE);
        assertThat(bad.reason()).isEqualTo("status 400");
        assertThat(bad.serverWait().millis()).isEqualTo(1000);
        assertThat(classify(401, ProviderSamples.OPENAI_401).reason()).isEqualTo("status 401");
    }

    @Test
    void garbageBodiesFallBackToTheStatus() {
        String[] bodies = {"", "<html>502 Bad Gateway</html>", "{\"error\":", "{\"error\":{\"type\":\"tok",
            "\u0000\u0001\u0002", "[[[[[[[[[[[[[[[[[[[[", "{\"error\":{\"code\":1e999999}}"};
        for (String body : bodies) {
            Verdict v = classify(502, body);
            assertThat(v.kind()).as(body).isEqualTo(Kind.RETRYABLE);
            assertThat(v.reason()).as(body).isEqualTo("status 502");
            assertThat(classify(404, body).kind()).as(body).isEqualTo(Kind.NOT_RETRYABLE);
        }
    }

    @Test
    void deeplyNestedBodyDoesNotThrow() {
        String body = "{\"error\":{\"param\":" + "[".repeat(100_000) + "}}";
        assertThat(classify(429, body).kind()).isEqualTo(Kind.RETRYABLE);
    }

    @Test
    void nullResponseIsNotRetryable() {
        Verdict v = ResponseFacts.read(null, NOW).verdict();
        assertThat(v.kind()).isEqualTo(Kind.NOT_RETRYABLE);
        assertThat(v.reason()).isEqualTo("no response");
    }

    @Test
    void toStringIsCompactAndLogSafe() {
        Verdict v = classify(429, ProviderSamples.OPENAI_429_TOKENS);
        assertThat(v.toString()).isEqualTo("Verdict[RETRYABLE 429 rate_limit_exceeded limit=tokens wait=2014ms from message]");
        assertThat(v.toString()).doesNotContain("org-abc123");
    }

    @Test
    void retryableStatusSetIsExactlyTheDocumentedOne() {
        for (int s = 100; s < 1000; s++) {
            boolean expected = s == 408 || s == 429 || s == 500 || s == 502 || s == 503 || s == 504 || s == 529;
            assertThat(classify(s, null).kind() == Kind.RETRYABLE).as("status " + s).isEqualTo(expected);
        }
    }
}
