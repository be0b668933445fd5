package dev.llmguard.core.ratelimit;

import java.time.OffsetDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * An RFC 3339 instant as Anthropic sends in {@code anthropic-ratelimit-*-reset}:
 * {@code 2024-04-01T12:00:30Z}, {@code 2024-04-01T12:00:30.5+02:00}.
 */
public final class Rfc3339Instant {

    /**
     * RFC 3339's date-time. Not {@code ISO_OFFSET_DATE_TIME} itself: that one also takes a time
     * without seconds ({@code 12:00Z}) and a fraction without digits ({@code 30.Z}), which RFC 3339
     * does not allow.
     */
    private static final DateTimeFormatter DATE_TIME = dateTime("+HH:MM");

    /** The same with an ISO 8601 basic offset ({@code +0530}), which some gateways send. */
    private static final DateTimeFormatter DATE_TIME_BASIC_OFFSET = dateTime("+HHMM");

    private static final int SEPARATOR_INDEX = 10; // after yyyy-MM-dd

    private Rfc3339Instant() {
    }

    /**
     * Epoch milliseconds (fractions below a millisecond dropped), or -1 on garbage. The separator
     * may be {@code T}, {@code t} or a space; the zone {@code Z}, {@code z}, {@code ±hh:mm} or
     * {@code ±hhmm}. Never throws.
     */
    public static long epochMillis(String text) {
        if (text == null) {
            return -1;
        }
        String s = text.trim();
        if (s.length() > SEPARATOR_INDEX && s.charAt(SEPARATOR_INDEX) == ' ') {
            // RFC 3339 section 5.6 lets applications use a space instead of the T
            s = s.substring(0, SEPARATOR_INDEX) + 'T' + s.substring(SEPARATOR_INDEX + 1);
        }
        int sign = s.length() - 5; // where the sign of a basic offset is
        boolean basicOffset = sign > 0 && (s.charAt(sign) == '+' || s.charAt(sign) == '-');
        try {
            return OffsetDateTime.parse(s, basicOffset ? DATE_TIME_BASIC_OFFSET : DATE_TIME).toInstant().toEpochMilli();
        } catch (RuntimeException e) {
            // java.time reports garbage with DateTimeException; nothing may escape a header parser
            return -1;
        }
    }

    /**
     * Case-insensitive, as RFC 3339 section 5.6 allows {@code t} and {@code z}; strict, so
     * {@code 2023-02-29} is rejected rather than moved to the 28th.
     */
    private static DateTimeFormatter dateTime(String offsetPattern) {
        return new DateTimeFormatterBuilder()
                .parseCaseInsensitive()
                .appendValue(ChronoField.YEAR, 4)
                .appendLiteral('-')
                .appendValue(ChronoField.MONTH_OF_YEAR, 2)
                .appendLiteral('-')
                .appendValue(ChronoField.DAY_OF_MONTH, 2)
                .appendLiteral('T')
                .appendValue(ChronoField.HOUR_OF_DAY, 2)
                .appendLiteral(':')
                .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
                .appendLiteral(':')
                .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
                .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
                .appendOffset(offsetPattern, "Z")
                .toFormatter(Locale.ROOT)
                .withChronology(IsoChronology.INSTANCE)
                .withResolverStyle(ResolverStyle.STRICT);
    }
}
