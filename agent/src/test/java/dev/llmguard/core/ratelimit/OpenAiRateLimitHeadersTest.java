package dev.llmguard.core.ratelimit;

import dev.llmguard.core.ratelimit.RateLimitSnapshot.Dimension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.llmguard.core.ratelimit.RateLimitSnapshot.LIMIT;
import static dev.llmguard.core.ratelimit.RateLimitSnapshot.REMAINING;
import static dev.llmguard.core.ratelimit.RateLimitSnapshot.RESET;
import static dev.llmguard.core.ratelimit.RateLimitSnapshot.slot;
import static org.assertj.core.api.Assertions.assertThat;

class OpenAiRateLimitHeadersTest {

    private static final long NOW = 1_711_972_800_000L;

    @Test
    void mapsEachHeaderToItsSlot() {
        assertThat(OpenAiRateLimitHeaders.slot("x-ratelimit-limit-requests")).isEqualTo(slot(0, LIMIT));
        assertThat(OpenAiRateLimitHeaders.slot("x-ratelimit-remaining-requests")).isEqualTo(slot(0, REMAINING));
        assertThat(OpenAiRateLimitHeaders.slot("x-ratelimit-reset-requests")).isEqualTo(slot(0, RESET));
        assertThat(OpenAiRateLimitHeaders.slot("x-ratelimit-limit-tokens")).isEqualTo(slot(1, LIMIT));
        assertThat(OpenAiRateLimitHeaders.slot("X-RateLimit-Remaining-Tokens")).isEqualTo(slot(1, REMAINING));
        assertThat(OpenAiRateLimitHeaders.slot("X-RATELIMIT-RESET-TOKENS")).isEqualTo(slot(1, RESET));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "x-ratelimit-", "x-ratelimit-foo", "x-ratelimit-limit-requestsx", "x-ratelimit-limit",
        "x-ratelimit-reset-input-tokens", "ratelimit-limit", "anthropic-ratelimit-requests-limit", "retry-after"})
    void otherNamesHaveNoSlot(String name) {
        assertThat(OpenAiRateLimitHeaders.slot(name)).isEqualTo(-1);
    }

    @Test
    void readsCountsAndGoDurationResets() {
        assertThat(OpenAiRateLimitHeaders.value(slot(0, LIMIT), "500", NOW)).isEqualTo(500);
        assertThat(OpenAiRateLimitHeaders.value(slot(1, REMAINING), "-5", NOW)).isEqualTo(-1);
        assertThat(OpenAiRateLimitHeaders.value(slot(1, RESET), "6m0s", NOW)).isEqualTo(360_000);
        assertThat(OpenAiRateLimitHeaders.value(slot(0, RESET), "2.5", NOW)).isEqualTo(2500);
        assertThat(OpenAiRateLimitHeaders.value(slot(0, RESET), "soon", NOW)).isEqualTo(-1);
    }

    @Test
    void namesTheResetHeaderOfRequestsAndTokensOnly() {
        assertThat(OpenAiRateLimitHeaders.resetHeader(Dimension.REQUESTS)).isEqualTo("x-ratelimit-reset-requests");
        assertThat(OpenAiRateLimitHeaders.resetHeader(Dimension.TOKENS)).isEqualTo("x-ratelimit-reset-tokens");
        assertThat(OpenAiRateLimitHeaders.resetHeader(Dimension.INPUT_TOKENS)).isNull();
        assertThat(OpenAiRateLimitHeaders.resetHeader(Dimension.OUTPUT_TOKENS)).isNull();
    }
}
