package dev.llmguard.core.ratelimit;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.format.SignStyle;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * An HTTP-date (RFC 9110 section 5.6.7) as in {@code Retry-After}: the IMF-fixdate
 * {@code Sun, 06 Nov 1994 08:49:37 GMT}, and, as RFC 9110 asks recipients to accept, the obsolete
 * RFC 850 ({@code Sunday, 06-Nov-94 08:49:37 GMT}) and asctime ({@code Sun Nov  6 08:49:37 1994}) forms.
 *
 * <p>Not {@code DateTimeFormatter.RFC_1123_DATE_TIME} itself: it takes a time without seconds,
 * knows no zone name but {@code GMT}, reads a five-digit year when lenient, moves
 * {@code 29 Feb 2023} to the 28th, and rejects a date whose day name is wrong. Here seconds are
 * required, the zone may be any name of UTC, dates are strict, and the day name is optional and
 * not checked (it says nothing the date does not).
 */
public final class HttpDate {

    private static final DateTimeFormatter IMF_FIXDATE = strict(time(new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .optionalStart().appendText(ChronoField.DAY_OF_WEEK, TextStyle.SHORT).appendLiteral(", ").optionalEnd()
            .appendValue(ChronoField.DAY_OF_MONTH, 1, 2, SignStyle.NOT_NEGATIVE)
            .appendLiteral(' ')
            .appendText(ChronoField.MONTH_OF_YEAR, TextStyle.SHORT)
            .appendLiteral(' ')
            .appendValue(ChronoField.YEAR, 4)
            .appendLiteral(' ')));

    /** Two-digit years are 1970 to 2069, as before the move to java.time. */
    private static final DateTimeFormatter RFC_850 = strict(time(new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .optionalStart().appendText(ChronoField.DAY_OF_WEEK, TextStyle.FULL).appendLiteral(", ").optionalEnd()
            .appendValue(ChronoField.DAY_OF_MONTH, 1, 2, SignStyle.NOT_NEGATIVE)
            .appendLiteral('-')
            .appendText(ChronoField.MONTH_OF_YEAR, TextStyle.SHORT)
            .appendLiteral('-')
            .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
            .appendLiteral(' ')));

    /** The day of the month is space-padded ({@code Nov  6}); a second space is optional. */
    private static final DateTimeFormatter ASCTIME = strict(time(new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .optionalStart().appendText(ChronoField.DAY_OF_WEEK, TextStyle.SHORT).appendLiteral(' ').optionalEnd()
            .appendText(ChronoField.MONTH_OF_YEAR, TextStyle.SHORT)
            .appendLiteral(' ')
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendValue(ChronoField.DAY_OF_MONTH, 1, 2, SignStyle.NOT_NEGATIVE)
            .appendLiteral(' '))
            .appendLiteral(' ')
            .appendValue(ChronoField.YEAR, 4));

    /** The zone names of IMF-fixdate and RFC 850 dates (RFC 9110 says GMT; gateways send the others). */
    private static final String[] UTC_ZONES = {"GMT", "UTC", "UT", "Z", "+0000", "-0000"};

    private HttpDate() {
    }

    /** Epoch milliseconds, or -1 on garbage. Never throws. */
    public static long epochMillis(String text) {
        if (text == null) {
            return -1;
        }
        String s = text.trim();
        int zoneStart = s.lastIndexOf(' ') + 1;
        String dateTime;
        DateTimeFormatter format;
        if (zoneStart > 0 && isUtcZone(s.substring(zoneStart))) {
            dateTime = s.substring(0, zoneStart).trim();
            format = dateTime.indexOf('-') >= 0 ? RFC_850 : IMF_FIXDATE;
        } else {
            dateTime = s;
            format = ASCTIME;
        }
        try {
            return LocalDateTime.parse(dateTime, format).toEpochSecond(ZoneOffset.UTC) * 1000L;
        } catch (RuntimeException e) {
            // java.time reports garbage with DateTimeException; nothing may escape a header parser
            return -1;
        }
    }

    private static boolean isUtcZone(String zone) {
        for (String utc : UTC_ZONES) {
            if (utc.equalsIgnoreCase(zone)) {
                return true;
            }
        }
        return false;
    }

    /** Appends the time of day, {@code HH:mm:ss}: RFC 9110 requires the seconds. */
    private static DateTimeFormatterBuilder time(DateTimeFormatterBuilder b) {
        return b.appendValue(ChronoField.HOUR_OF_DAY, 2)
                .appendLiteral(':')
                .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
                .appendLiteral(':')
                .appendValue(ChronoField.SECOND_OF_MINUTE, 2);
    }

    /** English names, strict dates, and the day name read but left out of the result. */
    private static DateTimeFormatter strict(DateTimeFormatterBuilder b) {
        return b.toFormatter(Locale.ENGLISH)
                .withChronology(IsoChronology.INSTANCE)
                .withResolverStyle(ResolverStyle.STRICT)
                .withResolverFields(ChronoField.YEAR, ChronoField.MONTH_OF_YEAR, ChronoField.DAY_OF_MONTH,
                        ChronoField.HOUR_OF_DAY, ChronoField.MINUTE_OF_HOUR, ChronoField.SECOND_OF_MINUTE);
    }
}
