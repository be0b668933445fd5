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

    /**
     * A compact human text for a duration: {@code 450ms}, {@code 1.2s}, {@code 6s}, {@code 1m30s},
     * {@code 4h43m36s}. Negative values give {@code "?"}.
     */
    public static String formatMillis(long millis) {
        if (millis < 0) {
            return "?";
        }
        if (millis < 1000) {
            return millis + "ms";
        }
        StringBuilder sb = new StringBuilder(12);
        appendMillis(sb, millis);
        return sb.toString();
    }

    /** Appends {@link #formatMillis(long)} to {@code sb}. */
    public static void appendMillis(StringBuilder sb, long millis) {
        if (millis < 0) {
            sb.append('?');
        } else if (millis < 1000) {
            sb.append(millis).append("ms");
        } else if (millis < 60000) {
            sb.append(millis / 1000);
            int frac = (int) (millis % 1000);
            if (frac != 0) {
                sb.append('.');
                if (frac < 100) {
                    sb.append('0');
                }
                if (frac < 10) {
                    sb.append('0');
                }
                while (frac % 10 == 0) {
                    frac /= 10;
                }
                sb.append(frac);
            }
            sb.append('s');
        } else {
            long seconds = millis / 1000;
            long days = seconds / 86400;
            if (days > 0) {
                sb.append(days).append('d');
            }
            long hours = seconds / 3600 % 24;
            if (hours > 0 || days > 0) {
                sb.append(hours).append('h');
            }
            sb.append(seconds / 60 % 60).append('m').append(seconds % 60).append('s');
        }
    }
}
