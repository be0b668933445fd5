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

class Rfc3339InstantTest {

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
        "' 2024-04-01T12:00:30Z ', 2024-04-01T12:00:30Z",
        "2024-04-01T17:30:30+0530, 2024-04-01T12:00:30Z",
        "2024-04-01T12:00:30.25-0000, 2024-04-01T12:00:30.250Z",
        "2024-04-01T12:00:30+00:00, 2024-04-01T12:00:30Z",
    })
    void readsInstants(String text, String expected) {
        assertThat(Rfc3339Instant.epochMillis(text)).isEqualTo(Instant.parse(expected).toEpochMilli());
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "2024-04-01", "2024-04-01T12:00:30", "2024-13-01T12:00:30Z", "2023-02-29T12:00:30Z",
        "2024-04-31T12:00:30Z", "2024-04-01T24:00:00Z", "2024-04-01T12:60:00Z", "2024-04-01T12:00:61Z",
        "2024-04-01T12:00:30.Z", "2024-04-01T12:00:30+2:00", "2024-04-01T12:00:30+24:00", "not a date at all, no",
        "2024-04-01X12:00:30Z", "24-04-01T12:00:30Z", "2024-04-01T12:00:30ZZ", "Mon, 01 Apr 2024 12:00:30 GMT",
        "2024-04-01T12:00Z", "2024-04-01T12:00:30+02:00Z", "2024-04-01T12:00:30Z+0000", "+2024-04-01T12:00:30Z",
        "12024-04-01T12:00:30Z", "2024-04-01T12:00:30+02", "2024-04-01T12:00:30.5.5Z", " ", "2024-04-01  12:00:30Z"})
    void garbageIsMinusOne(String text) {
        assertThat(Rfc3339Instant.epochMillis(text)).isEqualTo(-1);
        assertThat(Rfc3339Instant.epochMillis(null)).isEqualTo(-1);
    }

    @Test
    void agreesWithJavaTimeOnRandomInstants() {
        Random random = new Random(42);
        int[] offsets = {0, 3600, -3600, 19800, -34200, 50400, -43200};
        for (int i = 0; i < 2000; i++) {
            long millis = (long) (random.nextDouble() * 4_000_000_000_000L) - 500_000_000_000L;
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsets[i % offsets.length]);
            String text = OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), offset)
                    .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            assertThat(Rfc3339Instant.epochMillis(text)).as(text).isEqualTo(millis);
        }
    }

    @Test
    void neverThrowsAndAgreesWithJavaTimeWhenItReadsSomething() {
        String[] seeds = {"2024-04-01T12:00:30Z", "2024-04-01T12:00:30.5+02:00", "2024-04-01 12:00:30.123456-0430"};
        String alphabet = "0123456789 :-+.TZtz";
        Random random = new Random(13);
        int read = 0;
        int iterations = 5_000;
        for (int i = 0; i < iterations; i++) {
            StringBuilder text = new StringBuilder(seeds[i % seeds.length]);
            for (int edits = 1 + random.nextInt(3); edits > 0 && text.length() > 0; edits--) {
                int at = random.nextInt(text.length());
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> text.setCharAt(at, c);
                    case 1 -> text.insert(at, c);
                    default -> text.deleteCharAt(at);
                }
            }
            String s = text.toString();
            long millis = Rfc3339Instant.epochMillis(s);
            if (millis != -1) {
                read++;
                // the same text in ISO 8601's extended form, which java.time's own formatter reads
                String iso = s.trim().replaceFirst("^(.{10}) ", "$1T").replaceFirst("([+-]\\d\\d)(\\d\\d)$", "$1:$2");
                long expected = OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
                assertThat(millis).as(s).isEqualTo(expected);
            }
        }
        assertThat(read).as("texts read").isBetween(iterations / 100, iterations - iterations / 100);
    }
}
