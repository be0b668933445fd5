package dev.llmguard.core.ratelimit;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ResetValueTest {

    private static final long NOW = Instant.parse("2024-04-01T12:00:00Z").toEpochMilli();

    @Test
    void relativeReadsGoDurationsThenSecondsThenInstants() {
        assertThat(ResetValue.relative("1m1.5s", NOW)).isEqualTo(61_500);
        assertThat(ResetValue.relative("2.5", NOW)).isEqualTo(2500);
        assertThat(ResetValue.relative(String.valueOf(NOW / 1000 + 60), NOW)).isEqualTo(60_000);
        assertThat(ResetValue.relative("2024-04-01T12:00:05Z", NOW)).isEqualTo(5000);
        assertThat(ResetValue.relative("-1s", NOW)).isEqualTo(-1);
        assertThat(ResetValue.relative(null, NOW)).isEqualTo(-1);
    }

    @Test
    void largeSecondsAreEpochSecondsAndThePastIsNow() {
        assertThat(ResetValue.secondsOrInstant("999999999", NOW)).isEqualTo(999_999_999_000L);
        assertThat(ResetValue.secondsOrInstant("1000000000", NOW)).isEqualTo(0);
        assertThat(ResetValue.secondsOrInstant("2024-04-01T11:59:00Z", NOW)).isEqualTo(0);
        assertThat(ResetValue.secondsOrInstant("6m0s", NOW)).isEqualTo(-1);
    }

    @Test
    void instantFirstPrefersTheInstantAndToleratesTheRelativeForms() {
        assertThat(ResetValue.instantFirst("2024-04-01T12:00:02.5Z", NOW)).isEqualTo(2500);
        assertThat(ResetValue.instantFirst("2024-04-01T11:00:00Z", NOW)).isEqualTo(0);
        assertThat(ResetValue.instantFirst("30s", NOW)).isEqualTo(30_000);
        assertThat(ResetValue.instantFirst("yesterday", NOW)).isEqualTo(-1);
    }
}
