package dev.llmguard.core.ratelimit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

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

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "2024-04-01T12:00:30Z, 2024-04-01T12:00:30Z",
        "2024-04-01T12:00:30.5Z, 2024-04-01T12:00:30.500Z",
        "2024-04-01T12:00:30.123456789Z, 2024-04-01T12:00:30.123Z",
        "2024-04-01T14:00:30+02:00, 2024-04-01T12:00:30Z",
        "2024-04-01T07:30:30-04:30, 2024-04-01T12:00:30Z",
        "2024-04-01t12:00:30z, 2024-04-01T12:00:30Z",
        "2024-04-01 12:00:30Z, 2024-04-01T12:00:30Z",
        "2024-02-29T00:00:00Z, 2024-02-29T00:00:00Z",
        "1970-01-01T00:00:00Z, 1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59Z, 1969-12-31T23:59:59Z",
    })
    void readsRfc3339Instants(String text, String expected) {
        assertThat(DurationText.rfc3339EpochMillis(text)).isEqualTo(Instant.parse(expected).toEpochMilli());
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "2024-04-01", "2024-04-01T12:00:30", "2024-13-01T12:00:30Z", "2023-02-29T12:00:30Z",
        "2024-04-31T12:00:30Z", "2024-04-01T24:00:00Z", "2024-04-01T12:60:00Z", "2024-04-01T12:00:61Z",
        "2024-04-01T12:00:30.Z", "2024-04-01T12:00:30+2:00", "2024-04-01T12:00:30+24:00", "not a date at all, no",
        "2024-04-01X12:00:30Z", "24-04-01T12:00:30Z", "2024-04-01T12:00:30ZZ", "Mon, 01 Apr 2024 12:00:30 GMT"})
    void rfc3339GarbageIsMinusOne(String text) {
        assertThat(DurationText.rfc3339EpochMillis(text)).isEqualTo(-1);
        assertThat(DurationText.rfc3339EpochMillis(null)).isEqualTo(-1);
    }

    @Test
    void rfc3339AgreesWithJavaTimeOnRandomInstants() {
        Random random = new Random(42);
        int[] offsets = {0, 3600, -3600, 19800, -34200, 50400, -43200};
        for (int i = 0; i < 2000; i++) {
            long millis = (long) (random.nextDouble() * 4_000_000_000_000L) - 500_000_000_000L;
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsets[i % offsets.length]);
            String text = OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), offset)
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            assertThat(DurationText.rfc3339EpochMillis(text)).as(text).isEqualTo(millis);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Sun, 06 Nov 1994 08:49:37 GMT|1994-11-06T08:49:37Z",
        "Sunday, 06-Nov-94 08:49:37 GMT|1994-11-06T08:49:37Z",
        "Sun Nov  6 08:49:37 1994|1994-11-06T08:49:37Z",
        "Mon, 01 Apr 2024 12:00:30 GMT|2024-04-01T12:00:30Z",
        "Mon, 1 Apr 2024 12:00:30 GMT|2024-04-01T12:00:30Z",
        "mon, 01 apr 2024 12:00:30 gmt|2024-04-01T12:00:30Z",
        "Thu, 29 Feb 2024 23:59:59 UTC|2024-02-29T23:59:59Z",
        "01 Apr 2024 12:00:30 GMT|2024-04-01T12:00:30Z",
    })
    void readsHttpDates(String text, String expected) {
        assertThat(DurationText.httpDateEpochMillis(text)).isEqualTo(Instant.parse(expected).toEpochMilli());
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "Sun", "Sun, 06 Nov 1994", "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Nov 1994 08:49:37 PST",
        "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT",
        "Sun, 06 Nov 94 08:49:37 GMT x", "2024-04-01T12:00:30Z", "120", "-1", "NaN", "Sun, 06 Nov 1994 08:49 GMT",
        "Sun Nov  6 08:49:37 94", "Sun, 06 Nov 19940 08:49:37 GMT", "Sun, 29 Feb 2023 08:49:37 GMT"})
    void httpDateGarbageIsMinusOne(String text) {
        assertThat(DurationText.httpDateEpochMillis(text)).isEqualTo(-1);
        assertThat(DurationText.httpDateEpochMillis(null)).isEqualTo(-1);
    }

    @Test
    void httpDateAgreesWithJavaTimeOnRandomInstants() {
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            long seconds = (long) (random.nextDouble() * 4_000_000_000L);
            String text = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    OffsetDateTime.ofInstant(Instant.ofEpochSecond(seconds), ZoneOffset.UTC));
            assertThat(DurationText.httpDateEpochMillis(text)).as(text).isEqualTo(seconds * 1000);
        }
    }

    @ParameterizedTest(name = "{0} ms -> {1}")
    @CsvSource({"0, 0ms", "450, 450ms", "1000, 1s", "1200, 1.2s", "1050, 1.05s", "1005, 1.005s", "6000, 6s",
        "59999, 59.999s", "60000, 1m0s", "90500, 1m30s", "17016314, 4h43m36s", "90000000, 1d1h0m0s", "-1, ?"})
    void formatsDurationsCompactly(long millis, String text) {
        assertThat(DurationText.formatMillis(millis)).isEqualTo(text);
    }
}
