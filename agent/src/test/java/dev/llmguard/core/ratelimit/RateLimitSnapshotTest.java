package dev.llmguard.core.ratelimit;

import dev.llmguard.core.http.Headers;
import dev.llmguard.core.ratelimit.RateLimitSnapshot.Dimension;
import dev.llmguard.core.ratelimit.RateLimitSnapshot.Style;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitSnapshotTest {

    private static final long NOW = Instant.parse("2024-04-01T12:00:00Z").toEpochMilli();

    @Test
    void readsOpenAiHeaders() {
        Headers h = Headers.of(
                "x-request-id", "req_abc",
                "x-ratelimit-limit-requests", "500",
                "x-ratelimit-limit-tokens", "30000",
                "x-ratelimit-remaining-requests", "0",
                "x-ratelimit-remaining-tokens", "1200",
                "x-ratelimit-reset-requests", "1.2s",
                "x-ratelimit-reset-tokens", "6s");
        RateLimitSnapshot s = RateLimitSnapshot.parse(h, NOW);
        assertThat(s.style(Dimension.REQUESTS)).isEqualTo(Style.OPENAI);
        assertThat(s.style(Dimension.TOKENS)).isEqualTo(Style.OPENAI);
        assertThat(s.isEmpty()).isFalse();
        assertThat(s.requestsLimit()).isEqualTo(500);
        assertThat(s.requestsRemaining()).isEqualTo(0);
        assertThat(s.requestsResetMillis()).isEqualTo(1200);
        assertThat(s.tokensLimit()).isEqualTo(30000);
        assertThat(s.tokensRemaining()).isEqualTo(1200);
        assertThat(s.resetMillis(Dimension.TOKENS)).isEqualTo(6000);
        assertThat(s.has(Dimension.INPUT_TOKENS)).isFalse();
        assertThat(s.limit(Dimension.INPUT_TOKENS)).isEqualTo(-1);
        assertThat(s.exhausted()).isEqualTo(Dimension.REQUESTS);
        assertThat(s.resetSource(Dimension.REQUESTS)).isEqualTo("x-ratelimit-reset-requests");
        assertThat(s.resetSource(Dimension.TOKENS)).isEqualTo("x-ratelimit-reset-tokens");
        assertThat(s.describe()).isEqualTo("requests 0/500 reset 1.2s, tokens 1200/30000 reset 6s");
        assertThat(s.toString()).isEqualTo("RateLimitSnapshot[OPENAI requests 0/500 reset 1.2s, tokens 1200/30000 reset 6s]");
    }

    @Test
    void headerNamesAreCaseInsensitive() {
        RateLimitSnapshot s = RateLimitSnapshot.parse(Headers.of(
                "X-RateLimit-Remaining-Tokens", "5", "X-RATELIMIT-RESET-TOKENS", "4h43m36.314s"), NOW);
        assertThat(s.tokensRemaining()).isEqualTo(5);
        assertThat(s.resetMillis(Dimension.TOKENS)).isEqualTo(17016314);
    }

    @Test
    void readsAzureRemainingOnlyHeaders() {
        RateLimitSnapshot s = RateLimitSnapshot.parse(Headers.of(
                "x-ratelimit-remaining-requests", "9", "x-ratelimit-remaining-tokens", "9000",
                "retry-after-ms", "1500"), NOW);
        assertThat(s.style(Dimension.REQUESTS)).isEqualTo(Style.OPENAI);
        assertThat(s.requestsRemaining()).isEqualTo(9);
        assertThat(s.requestsLimit()).isEqualTo(-1);
        assertThat(s.requestsResetMillis()).isEqualTo(-1);
        assertThat(s.toString()).isEqualTo("RateLimitSnapshot[OPENAI requests 9/?, tokens 9000/?]");
    }

    @Test
    void readsAnthropicHeadersWithResetInstantsRelativeToNow() {
        Headers h = Headers.of(
                "anthropic-ratelimit-requests-limit", "50",
                "anthropic-ratelimit-requests-remaining", "0",
                "anthropic-ratelimit-requests-reset", "2024-04-01T12:00:30Z",
                "anthropic-ratelimit-tokens-limit", "80000",
                "anthropic-ratelimit-tokens-remaining", "72000",
                "anthropic-ratelimit-tokens-reset", "2024-04-01T12:00:02.5Z",
                "anthropic-ratelimit-input-tokens-limit", "40000",
                "anthropic-ratelimit-input-tokens-remaining", "40000",
                "anthropic-ratelimit-input-tokens-reset", "2024-04-01T14:00:01+02:00",
                "anthropic-ratelimit-output-tokens-limit", "8000",
                "anthropic-ratelimit-output-tokens-remaining", "0",
                "anthropic-ratelimit-output-tokens-reset", "2024-04-01T12:00:45Z",
                "retry-after", "30",
                "request-id", "req_018");
        RateLimitSnapshot s = RateLimitSnapshot.parse(h, NOW);
        assertThat(s.style(Dimension.OUTPUT_TOKENS)).isEqualTo(Style.ANTHROPIC);
        assertThat(s.toString()).startsWith("RateLimitSnapshot[ANTHROPIC requests 0/50 reset 30s, ");
        assertThat(s.requestsResetMillis()).isEqualTo(30000);
        assertThat(s.resetMillis(Dimension.TOKENS)).isEqualTo(2500);
        assertThat(s.resetMillis(Dimension.INPUT_TOKENS)).isEqualTo(1000);
        assertThat(s.resetMillis(Dimension.OUTPUT_TOKENS)).isEqualTo(45000);
        assertThat(s.limit(Dimension.OUTPUT_TOKENS)).isEqualTo(8000);
        // both requests and output tokens are exhausted: the one that resets later binds
        assertThat(s.exhausted()).isEqualTo(Dimension.OUTPUT_TOKENS);
        assertThat(s.resetSource(Dimension.OUTPUT_TOKENS)).isEqualTo("anthropic-ratelimit-output-tokens-reset");
        assertThat(s.describe()).isEqualTo("requests 0/50 reset 30s, tokens 72000/80000 reset 2.5s, "
                + "input-tokens 40000/40000 reset 1s, output-tokens 0/8000 reset 45s");
    }

    @Test
    void pastAnthropicResetMeansResetNow() {
        RateLimitSnapshot s = RateLimitSnapshot.parse(Headers.of(
                "anthropic-ratelimit-requests-reset", "2024-04-01T11:59:00Z"), NOW);
        assertThat(s.requestsResetMillis()).isEqualTo(0);
    }

    @Test
    void garbageValuesAreLeftUnknown() {
        Headers h = Headers.of(
                "x-ratelimit-limit-requests", "-5",
                "x-ratelimit-remaining-requests", "NaN",
                "x-ratelimit-reset-requests", "soon",
                "x-ratelimit-limit-tokens", "99999999999999999999999",
                "x-ratelimit-remaining-tokens", "",
                "x-ratelimit-reset-tokens", "-1s",
                "anthropic-ratelimit-requests-reset", "yesterday");
        RateLimitSnapshot s = RateLimitSnapshot.parse(h, NOW);
        assertThat(s.isEmpty()).isTrue();
        assertThat(s).isSameAs(RateLimitSnapshot.EMPTY);
        assertThat(s.describe()).isEmpty();
    }

    @Test
    void unrelatedHeadersGiveEmpty() {
        assertThat(RateLimitSnapshot.parse(Headers.of("content-type", "application/json", "x-ratelimit-foo", "1",
                "x-ratelimit-limit-requestsx", "5", "anthropic-ratelimit-unified-reset", "1"), NOW).isEmpty()).isTrue();
        assertThat(RateLimitSnapshot.parse(Headers.EMPTY, NOW)).isSameAs(RateLimitSnapshot.EMPTY);
        assertThat(RateLimitSnapshot.parse(null, NOW)).isSameAs(RateLimitSnapshot.EMPTY);
        assertThat(RateLimitSnapshot.EMPTY.exhausted()).isNull();
        assertThat(RateLimitSnapshot.EMPTY.style(Dimension.REQUESTS)).isEqualTo(Style.NONE);
        assertThat(RateLimitSnapshot.EMPTY.toString()).isEqualTo("RateLimitSnapshot[NONE]");
    }

    @Test
    void toleratesSecondsAndEpochResetsFromGateways() {
        RateLimitSnapshot s = RateLimitSnapshot.parse(Headers.of(
                "x-ratelimit-reset-requests", "2.5",
                "x-ratelimit-reset-tokens", String.valueOf(NOW / 1000 + 60)), NOW);
        assertThat(s.requestsResetMillis()).isEqualTo(2500);
        assertThat(s.resetMillis(Dimension.TOKENS)).isEqualTo(60000);
    }

    @Test
    void readsIetfStructuredFields() {
        RateLimitSnapshot s = RateLimitSnapshot.parse(Headers.of(
                "RateLimit-Policy", "\"permin\";q=50;w=60, \"perday\";q=1000;w=86400",
                "RateLimit", "\"permin\";r=0;t=30, \"perday\";r=900;t=3600"), NOW);
        assertThat(s.style(Dimension.REQUESTS)).isEqualTo(Style.IETF);
        assertThat(s.toString()).isEqualTo("RateLimitSnapshot[IETF requests 0/50 reset 30s]");
        assertThat(s.requestsLimit()).isEqualTo(50);
        assertThat(s.requestsRemaining()).isEqualTo(0);
        assertThat(s.requestsResetMillis()).isEqualTo(30000);
        assertThat(s.ietfWaitMillis()).isEqualTo(30000);
        assertThat(s.resetSource(Dimension.REQUESTS)).isEqualTo("ratelimit");
        assertThat(s.describe()).isEqualTo("requests 0/50 reset 30s");
    }

    @Test
    void ietfPolicyWithRemainingGivesNoWait() {
        RateLimitSnapshot s = RateLimitSnapshot.parse(Headers.of(
                "RateLimit-Policy", "\"default\";q=100;w=60",
                "RateLimit", "\"default\";r=50;t=30"), NOW);
        assertThat(s.requestsRemaining()).isEqualTo(50);
        assertThat(s.requestsLimit()).isEqualTo(100);
        assertThat(s.ietfWaitMillis()).isEqualTo(-1);
        assertThat(s.exhausted()).isNull();
    }

    @Test
    void ietfTokenQuotaUnitMapsToTokens() {
        RateLimitSnapshot s = RateLimitSnapshot.parse(Headers.of(
                "RateLimit-Policy", "\"tpm\";q=30000;w=60;qu=\"tokens\", \"rpm\";q=500;w=60",
                "RateLimit", "\"tpm\";r=1200;t=6, \"rpm\";r=499;t=1"), NOW);
        assertThat(s.tokensLimit()).isEqualTo(30000);
        assertThat(s.tokensRemaining()).isEqualTo(1200);
        assertThat(s.requestsLimit()).isEqualTo(500);
        assertThat(s.requestsRemaining()).isEqualTo(499);
    }

    @Test
    void readsOlderIetfDrafts() {
        RateLimitSnapshot separate = RateLimitSnapshot.parse(Headers.of(
                "RateLimit-Limit", "100, 100;w=60", "RateLimit-Remaining", "0", "RateLimit-Reset", "7"), NOW);
        assertThat(separate.requestsLimit()).isEqualTo(100);
        assertThat(separate.requestsRemaining()).isEqualTo(0);
        assertThat(separate.ietfWaitMillis()).isEqualTo(7000);

        RateLimitSnapshot dictionary = RateLimitSnapshot.parse(Headers.of(
                "RateLimit", "limit=10, remaining=0, reset=12"), NOW);
        assertThat(dictionary.requestsLimit()).isEqualTo(10);
        assertThat(dictionary.requestsRemaining()).isEqualTo(0);
        assertThat(dictionary.ietfWaitMillis()).isEqualTo(12000);

        RateLimitSnapshot notExhausted = RateLimitSnapshot.parse(Headers.of(
                "RateLimit-Remaining", "3", "RateLimit-Reset", "7"), NOW);
        assertThat(notExhausted.ietfWaitMillis()).isEqualTo(-1);
        assertThat(notExhausted.requestsResetMillis()).isEqualTo(7000);
    }

    @Test
    void ietfGarbageNeverThrows() {
        String[] junk = {"", ";", ",,,", "\"", "\"unterminated;r=0;t=5", ";;;=;=", "\"a\";r=-1;t=NaN", "\"a\";r;t",
            "a=b=c, ;x", "\"\\\"\";r=0;t=2", "\"a\";r=0;t=99999999999999999999999", "\u0000\u00ff"};
        for (String v : junk) {
            RateLimitSnapshot s = RateLimitSnapshot.parse(Headers.of("RateLimit", v, "RateLimit-Policy", v), NOW);
            assertThat(s.describe()).as(v).doesNotContain("-");
            assertThat(s.ietfWaitMillis()).as(v).isGreaterThanOrEqualTo(-1);
        }
        RateLimitSnapshot quoted = RateLimitSnapshot.parse(Headers.of("RateLimit", "\"\\\"\";r=0;t=2"), NOW);
        assertThat(quoted.ietfWaitMillis()).isEqualTo(2000);
    }

    @Test
    void providerHeadersWinOverIetfForTheSameDimension() {
        RateLimitSnapshot s = RateLimitSnapshot.parse(Headers.of(
                "x-ratelimit-remaining-requests", "7",
                "RateLimit", "\"default\";r=0;t=30"), NOW);
        assertThat(s.toString()).isEqualTo("RateLimitSnapshot[OPENAI requests 7/?]");
        assertThat(s.requestsRemaining()).isEqualTo(7);
        assertThat(s.style(Dimension.REQUESTS)).isEqualTo(Style.OPENAI);
        assertThat(s.ietfWaitMillis()).isEqualTo(30000);
    }

    @Test
    void describeNeverContainsHeaderValuesOtherThanNumbers() {
        RateLimitSnapshot s = RateLimitSnapshot.parse(Headers.of(
                "authorization", "Bearer sk-CANARY-SECRET",
                "x-ratelimit-remaining-requests", "sk-CANARY-SECRET",
                "x-ratelimit-reset-tokens", "sk-CANARY-SECRET",
                "RateLimit", "\"sk-CANARY-SECRET\";r=0;t=3",
                "RateLimit-Policy", "\"sk-CANARY-SECRET\";q=10;w=60",
                "x-ratelimit-limit-tokens", "100"), NOW);
        assertThat(s.describe()).doesNotContain("CANARY");
        assertThat(s.toString()).doesNotContain("CANARY");
        assertThat(s.describe()).isEqualTo("requests 0/10 reset 3s, tokens ?/100");
    }
}
