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

class AnthropicRateLimitHeadersTest {

    private static final long NOW = java.time.Instant.parse("2024-04-01T12:00:00Z").toEpochMilli();

    @Test
    void mapsEachHeaderToItsSlot() {
        assertThat(AnthropicRateLimitHeaders.slot("anthropic-ratelimit-requests-limit")).isEqualTo(slot(0, LIMIT));
        assertThat(AnthropicRateLimitHeaders.slot("anthropic-ratelimit-tokens-remaining")).isEqualTo(slot(1, REMAINING));
        assertThat(AnthropicRateLimitHeaders.slot("Anthropic-RateLimit-Input-Tokens-Reset")).isEqualTo(slot(2, RESET));
        assertThat(AnthropicRateLimitHeaders.slot("ANTHROPIC-RATELIMIT-OUTPUT-TOKENS-LIMIT")).isEqualTo(slot(3, LIMIT));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "anthropic-ratelimit-", "anthropic-ratelimit-unified-reset", "anthropic-ratelimit-tokens",
        "anthropic-ratelimit-tokens-resetx", "x-ratelimit-limit-requests", "anthropic-version"})
    void otherNamesHaveNoSlot(String name) {
        assertThat(AnthropicRateLimitHeaders.slot(name)).isEqualTo(-1);
    }

    @Test
    void readsCountsAndInstantResets() {
        assertThat(AnthropicRateLimitHeaders.value(slot(0, LIMIT), "50", NOW)).isEqualTo(50);
        assertThat(AnthropicRateLimitHeaders.value(slot(0, RESET), "2024-04-01T12:00:30Z", NOW)).isEqualTo(30_000);
        assertThat(AnthropicRateLimitHeaders.value(slot(0, RESET), "2024-04-01T11:00:00Z", NOW)).isEqualTo(0);
        assertThat(AnthropicRateLimitHeaders.value(slot(0, RESET), "20s", NOW)).isEqualTo(20_000);
        assertThat(AnthropicRateLimitHeaders.value(slot(0, RESET), "yesterday", NOW)).isEqualTo(-1);
    }

    @Test
    void namesTheResetHeaderOfEveryDimension() {
        assertThat(AnthropicRateLimitHeaders.resetHeader(Dimension.REQUESTS)).isEqualTo("anthropic-ratelimit-requests-reset");
        assertThat(AnthropicRateLimitHeaders.resetHeader(Dimension.OUTPUT_TOKENS))
                .isEqualTo("anthropic-ratelimit-output-tokens-reset");
    }
}
