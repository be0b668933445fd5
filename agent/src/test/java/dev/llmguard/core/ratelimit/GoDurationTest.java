package dev.llmguard.core.ratelimit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class GoDurationTest {

    @ParameterizedTest(name = "{0} -> {1} ms")
    @CsvSource({
        "20ms, 20",
        "1s, 1000",
        "1.5s, 1500",
        "6m0s, 360000",
        "1m1.5s, 61500",
        "4h43m36.314s, 17016314",
        "500us, 1",
        "500µs, 1",
        "500μs, 1",
        "1500000ns, 2",
        "0s, 0",
        "0, 0",
        "0.5ms, 1",
        "2h, 7200000",
        "1h0m0s, 3600000",
        "'  7s  ', 7000",
        "+3s, 3000",
        ".5s, 500",
        "1.s, 1000",
        "0.001s, 1",
        "0.0001s, 1",
        "59.999999999s, 60000",
    })
    void readsGoDurations(String text, long millis) {
        assertThat(GoDuration.millis(text)).isEqualTo(millis);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", " ", "s", "1", "20", "-1s", "-0s", "1x", "1 s", "1m 30s", "abc", "NaN", "Infinity",
        "1e3s", "1.5", ".s", "..1s", "1..5s", "ms", "9999999999999999999999h", "9223372036854775807h",
        "1,5s", "１s", "1S", "1H", "1sm", "5d"})
    void garbageIsMinusOne(String text) {
        assertThat(GoDuration.millis(text)).isEqualTo(-1);
    }

    @Test
    void nullIsMinusOne() {
        assertThat(GoDuration.millis(null)).isEqualTo(-1);
        assertThat(GoDuration.millis(null, 0, 0)).isEqualTo(-1);
    }

    @Test
    void regionOutOfBoundsIsMinusOne() {
        assertThat(GoDuration.millis("in 20s.", 3, 6)).isEqualTo(20000);
        assertThat(GoDuration.millis("20s", -1, 3)).isEqualTo(-1);
        assertThat(GoDuration.millis("20s", 0, 4)).isEqualTo(-1);
        assertThat(GoDuration.millis("20s", 2, 1)).isEqualTo(-1);
    }

    @Test
    void hugeDurationsAreKeptUntilMillisecondsOverflow() {
        // beyond Go's own int64-nanosecond range, still representable in milliseconds: kept (callers clamp)
        assertThat(GoDuration.millis("2562048h")).isEqualTo(2562048L * 3600000L);
        assertThat(GoDuration.millis("2562047788015h")).isEqualTo(2562047788015L * 3600000L);
        assertThat(GoDuration.millis("2562047788016h")).isEqualTo(-1);
    }

    @ParameterizedTest(name = "{0} -> {1} ms")
    @CsvSource({"30s, 30000", "1.5s, 1500", "0s, 0", "0.000001s, 1", "'\"30s\"', 30000", "' 2s ', 2000",
        "35.451186813s, 35452"})
    void readsProtobufDurations(String text, long millis) {
        assertThat(GoDuration.protobufMillis(text)).isEqualTo(millis);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "s", "30", "-30s", "1m", "30ms", "abc", "NaN s", "99999999999999999999s", "\"\"", "1.5.5s"})
    void protobufGarbageIsMinusOne(String text) {
        assertThat(GoDuration.protobufMillis(text)).isEqualTo(-1);
        assertThat(GoDuration.protobufMillis(null)).isEqualTo(-1);
    }
}
