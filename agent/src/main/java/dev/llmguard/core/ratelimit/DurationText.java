package dev.llmguard.core.ratelimit;

/**
 * Parses the plain numbers that LLM providers put into rate-limit headers ({@link GoDuration},
 * {@link HttpDate} and {@link Rfc3339Instant} read the other forms). Allocation-free, never throws,
 * and -1 for anything it cannot read (null, empty, negative, non-numeric, NaN, numbers whose
 * millisecond value overflows a long). Durations are rounded up to whole milliseconds, so a non-zero wait never
 * becomes zero.
 */
public final class DurationText {

    private DurationText() {
    }

    /** Decimal seconds ({@code 2}, {@code 1.5}), as in {@code Retry-After} delta-seconds; -1 on garbage. */
    public static long decimalSecondsMillis(String text) {
        return text == null ? -1 : GoDuration.parse(text, 0, text.length(), GoDuration.SECONDS);
    }

    /** Decimal milliseconds ({@code 1500}, {@code 1500.5}), as in {@code retry-after-ms}; -1 on garbage. */
    public static long decimalMillis(String text) {
        return text == null ? -1 : GoDuration.parse(text, 0, text.length(), GoDuration.MILLIS);
    }

    /** A non-negative decimal integer ({@code 500}); -1 on garbage, a sign, a fraction or overflow. */
    public static long nonNegativeLong(String text) {
        if (text == null) {
            return -1;
        }
        int from = skipBlanks(text, 0, text.length());
        int to = trimBlanks(text, from, text.length());
        if (from == to) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            if (v > (Long.MAX_VALUE - (c - '0')) / 10) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** The first index in {@code [from,to)} that is not white space or a control character, or {@code to}. */
    static int skipBlanks(CharSequence s, int from, int to) {
        while (from < to && s.charAt(from) <= ' ') {
            from++;
        }
        return from;
    }

    /** The end of {@code [from,to)} without trailing white space or control characters. */
    static int trimBlanks(CharSequence s, int from, int to) {
        while (to > from && s.charAt(to - 1) <= ' ') {
            to--;
        }
        return to;
    }
}
