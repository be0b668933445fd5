package dev.llmguard.core.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.config.RetryConfig;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static Backoff backoff(long baseMillis, long capMillis) {
        return new Backoff(RetryConfig.builder().baseDelayMillis(baseMillis).maxDelayMillis(capMillis).build());
    }

    @Test
    void ceilingDoublesFromTheBaseUpToTheCap() {
        Backoff backoff = backoff(500, 8_000);
        assertThat(backoff.ceilingMillis(1)).isEqualTo(500);
        assertThat(backoff.ceilingMillis(2)).isEqualTo(1_000);
        assertThat(backoff.ceilingMillis(3)).isEqualTo(2_000);
        assertThat(backoff.ceilingMillis(5)).isEqualTo(8_000);
        assertThat(backoff.ceilingMillis(6)).isEqualTo(8_000);
    }

    @Test
    void hugeRetryNumbersNeitherOverflowNorExceedTheCap() {
        Backoff backoff = backoff(1_000, 30_000);
        assertThat(backoff.ceilingMillis(70)).isEqualTo(30_000);
        assertThat(backoff.ceilingMillis(Integer.MAX_VALUE)).isEqualTo(30_000);
        assertThat(backoff(Long.MAX_VALUE / 2, Long.MAX_VALUE).ceilingMillis(3)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void fullJitterSpreadsWaitsOverTheWholeRange() {
        Backoff backoff = backoff(1_000, 30_000);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 5_000; i++) {
            long d = backoff.delayMillis(3);
            assertThat(d).isBetween(0L, 4_000L);
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(min).as("full jitter reaches near zero").isLessThan(400);
        assertThat(max).as("full jitter reaches near the ceiling").isGreaterThan(3_600);
    }
}
