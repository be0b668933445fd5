package dev.llmguard.core.ratelimit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DurationTextTest {

    @Test
    void readsDecimalSecondsAndMillis() {
        assertThat(DurationText.decimalSecondsMillis("2")).isEqualTo(2000);
        assertThat(DurationText.decimalSecondsMillis("1.5")).isEqualTo(1500);
        assertThat(DurationText.decimalSecondsMillis("0.0005")).isEqualTo(1);
        assertThat(DurationText.decimalSecondsMillis(" 30 ")).isEqualTo(30000);
        assertThat(DurationText.decimalSecondsMillis("0")).isEqualTo(0);
        assertThat(DurationText.decimalMillis("1500")).isEqualTo(1500);
        assertThat(DurationText.decimalMillis("1500.2")).isEqualTo(1501);
        for (String bad : new String[] {"", "-1", "1s", "NaN", "Infinity", "1e3", "0x10", "1,5", "99999999999999999999"}) {
            assertThat(DurationText.decimalSecondsMillis(bad)).as(bad).isEqualTo(-1);
            assertThat(DurationText.decimalMillis(bad)).as(bad).isEqualTo(-1);
        }
        assertThat(DurationText.decimalSecondsMillis(null)).isEqualTo(-1);
        assertThat(DurationText.decimalMillis(null)).isEqualTo(-1);
        // the largest values that still fit in milliseconds are kept, one more digit overflows
        assertThat(DurationText.decimalMillis("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(DurationText.decimalSecondsMillis("9223372036854775")).isEqualTo(9223372036854775000L);
        assertThat(DurationText.decimalSecondsMillis("92233720368547758")).isEqualTo(-1);
    }

    @Test
    void readsNonNegativeLongs() {
        assertThat(DurationText.nonNegativeLong("500")).isEqualTo(500);
        assertThat(DurationText.nonNegativeLong(" 0 ")).isEqualTo(0);
        assertThat(DurationText.nonNegativeLong("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        for (String bad : new String[] {"", "-1", "+1", "1.0", "1e3", "abc", "9223372036854775808", " "}) {
            assertThat(DurationText.nonNegativeLong(bad)).as(bad).isEqualTo(-1);
        }
        assertThat(DurationText.nonNegativeLong(null)).isEqualTo(-1);
    }
}
