package dev.llmguard.core.ratelimit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class HttpDateTest {

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
        "  Sun, 06 Nov 1994 08:49:37   GMT  |1994-11-06T08:49:37Z",
        "Sun, 06 Nov 1994 08:49:37 UT|1994-11-06T08:49:37Z",
        "Sun, 06 Nov 1994 08:49:37 z|1994-11-06T08:49:37Z",
        "Sun, 06 Nov 1994 08:49:37 +0000|1994-11-06T08:49:37Z",
        "Sun, 06 Nov 1994 08:49:37 -0000|1994-11-06T08:49:37Z",
        "06-Nov-94 08:49:37 GMT|1994-11-06T08:49:37Z",
        "Thursday, 01-Jan-70 00:00:00 GMT|1970-01-01T00:00:00Z",
        "Saturday, 31-Dec-69 23:59:59 GMT|2069-12-31T23:59:59Z",
        "Sun Nov 06 08:49:37 1994|1994-11-06T08:49:37Z",
        "Sun Nov 6 08:49:37 1994|1994-11-06T08:49:37Z",
        "Nov  6 08:49:37 1994|1994-11-06T08:49:37Z",
        "Sat Sep 14 23:00:00 2024|2024-09-14T23:00:00Z",
    })
    void readsTheThreeForms(String text, String expected) {
        assertThat(HttpDate.epochMillis(text)).isEqualTo(Instant.parse(expected).toEpochMilli());
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "Sun", "Sun, 06 Nov 1994", "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Nov 1994 08:49:37 PST",
        "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 25:49:37 GMT",
        "Sun, 06 Nov 94 08:49:37 GMT x", "2024-04-01T12:00:30Z", "120", "-1", "NaN", "Sun, 06 Nov 1994 08:49 GMT",
        "Sun Nov  6 08:49:37 94", "Sun, 06 Nov 19940 08:49:37 GMT", "Sun, 29 Feb 2023 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 +0100", "Sun, 06 Nov 1994 08:49:37 GMT GMT", "GMT", " ", "Sun Nov  6 08:49:37 1994 GMT",
        "Sun, 06 Nov 1994 8:49:37 GMT", "Sun, 06 Nov 1994 08:49:37.5 GMT", "Sunday, 31-Apr-94 08:49:37 GMT"})
    void garbageIsMinusOne(String text) {
        assertThat(HttpDate.epochMillis(text)).isEqualTo(-1);
        assertThat(HttpDate.epochMillis(null)).isEqualTo(-1);
    }

    @Test
    void agreesWithJavaTimeOnRandomInstants() {
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            long seconds = (long) (random.nextDouble() * 4_000_000_000L);
            String text = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    OffsetDateTime.ofInstant(Instant.ofEpochSecond(seconds), ZoneOffset.UTC));
            assertThat(HttpDate.epochMillis(text)).as(text).isEqualTo(seconds * 1000);
        }
    }

    @Test
    void theDayNameIsNotChecked() {
        // it says nothing the date does not; a wrong one must not turn a usable Retry-After into none
        assertThat(HttpDate.epochMillis("Mon, 06 Nov 1994 08:49:37 GMT"))
                .isEqualTo(Instant.parse("1994-11-06T08:49:37Z").toEpochMilli());
        assertThat(HttpDate.epochMillis("Friday, 06-Nov-94 08:49:37 GMT"))
                .isEqualTo(Instant.parse("1994-11-06T08:49:37Z").toEpochMilli());
    }

    @Test
    void neverThrowsAndOnlyAnswersWithWhatTheTextSays() {
        String[] seeds = {"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"};
        String alphabet = "0123456789 :-+,.ZGMTUCSunNovFebday";
        Random random = new Random(11);
        DateTimeFormatter month = DateTimeFormatter.ofPattern("MMM", Locale.ENGLISH);
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
            long millis = HttpDate.epochMillis(s);
            if (millis != -1) {
                read++;
                OffsetDateTime when = Instant.ofEpochMilli(millis).atOffset(ZoneOffset.UTC);
                assertThat(s).as(s)
                        .contains(String.valueOf(when.getDayOfMonth()))
                        .containsIgnoringCase(month.format(when))
                        .contains(String.valueOf(when.getYear() % 100))
                        .contains(String.format("%02d:%02d:%02d", when.getHour(), when.getMinute(), when.getSecond()));
            }
        }
        assertThat(read).as("texts read").isBetween(iterations / 100, iterations - iterations / 100);
    }
}
