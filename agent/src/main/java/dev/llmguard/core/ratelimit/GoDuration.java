package dev.llmguard.core.ratelimit;

/**
 * Go's duration text ({@code time.Duration.String()}, which OpenAI puts into {@code x-ratelimit-reset-*})
 * and protobuf's JSON {@code Duration} (which Gemini puts into {@code RetryInfo.retryDelay}). Neither
 * has a java.time equivalent: {@code java.time.Duration} reads ISO 8601 ({@code PT1.5S}) only.
 *
 * <p>Allocation-free, never throws, and -1 for anything unreadable (null, empty, negative,
 * non-numeric, NaN, a value whose milliseconds overflow a long). Rounded up to whole milliseconds,
 * so a non-zero wait never becomes zero.
 */
public final class GoDuration {

    private static final long NANOS = 1L;
    private static final long MICROS = 1000L;
    static final long MILLIS = 1000000L;
    static final long SECONDS = 1000000000L;
    private static final long MINUTES = 60L * SECONDS;
    private static final long HOURS = 60L * MINUTES;

    private GoDuration() {
    }

    /**
     * {@code 20ms}, {@code 1s}, {@code 1.5s}, {@code 6m0s}, {@code 1m1.5s}, {@code 4h43m36.314s},
     * {@code 500us}, {@code 0s}, {@code 0}. Units ns, us (µs), ms, s, m, h.
     */
    public static long millis(String text) {
        if (text == null) {
            return -1;
        }
        return parse(text, 0, text.length(), 0);
    }

    /** The same, for the region {@code [from, to)} of a longer text (an error message), without copying it. */
    public static long millis(CharSequence text, int from, int to) {
        if (text == null || from < 0 || to > text.length() || from > to) {
            return -1;
        }
        return parse(text, from, to, 0);
    }

    /**
     * A protobuf {@code Duration} in its JSON form: decimal seconds and an {@code s}, {@code "30s"},
     * {@code "1.5s"}, {@code "0.000001s"}; surrounding quotes are tolerated.
     */
    public static long protobufMillis(String text) {
        if (text == null) {
            return -1;
        }
        int from = DurationText.skipBlanks(text, 0, text.length());
        int to = DurationText.trimBlanks(text, from, text.length());
        if (to - from >= 2 && text.charAt(from) == '"' && text.charAt(to - 1) == '"') {
            from++;
            to--;
        }
        if (to - from < 2 || text.charAt(to - 1) != 's') {
            return -1;
        }
        return parse(text, from, to - 1, SECONDS);
    }

    /**
     * Reads {@code [from,to)} after trimming. With {@code fixedUnit == 0} the text is a Go duration
     * (one or more number+unit components); otherwise it is a single unsigned decimal in that unit
     * (the way {@link DurationText} reads delta-seconds and milliseconds). Keeps whole milliseconds
     * and a sub-millisecond remainder apart so that only values beyond Long.MAX_VALUE milliseconds
     * overflow.
     */
    static long parse(CharSequence s, int from, int to, long fixedUnit) {
        from = DurationText.skipBlanks(s, from, to);
        to = DurationText.trimBlanks(s, from, to);
        if (from >= to) {
            return -1;
        }
        int i = from;
        if (s.charAt(i) == '+') {
            i++;
            if (i == to) {
                return -1;
            }
        }
        if (fixedUnit == 0 && to - i == 1 && s.charAt(i) == '0') {
            return 0; // Go accepts a bare "0"
        }
        long millis = 0;
        long rem = 0; // nanoseconds below one millisecond
        while (i < to) {
            long whole = 0;
            boolean digits = false;
            char c;
            while (i < to && (c = s.charAt(i)) >= '0' && c <= '9') {
                if (whole > (Long.MAX_VALUE - (c - '0')) / 10) {
                    return -1;
                }
                whole = whole * 10 + (c - '0');
                digits = true;
                i++;
            }
            long frac = 0;
            long scale = 1;
            if (i < to && s.charAt(i) == '.') {
                i++;
                while (i < to && (c = s.charAt(i)) >= '0' && c <= '9') {
                    if (scale < 100000000000000000L) { // keep 17 fraction digits, ignore the rest
                        frac = frac * 10 + (c - '0');
                        scale *= 10;
                    }
                    digits = true;
                    i++;
                }
            }
            if (!digits) {
                return -1;
            }
            long unit;
            if (fixedUnit != 0) {
                if (i != to) {
                    return -1;
                }
                unit = fixedUnit;
            } else {
                if (i >= to) {
                    return -1; // a number without a unit
                }
                c = s.charAt(i);
                char next = i + 1 < to ? s.charAt(i + 1) : 0;
                if (c == 'n' && next == 's') {
                    unit = NANOS;
                    i += 2;
                } else if ((c == 'u' || c == '\u00b5' || c == '\u03bc') && next == 's') {
                    unit = MICROS;
                    i += 2;
                } else if (c == 'm' && next == 's') {
                    unit = MILLIS;
                    i += 2;
                } else if (c == 'm') {
                    unit = MINUTES;
                    i++;
                } else if (c == 's') {
                    unit = SECONDS;
                    i++;
                } else if (c == 'h') {
                    unit = HOURS;
                    i++;
                } else {
                    return -1;
                }
            }
            if (unit >= MILLIS) {
                long unitMillis = unit / MILLIS;
                if (whole > (Long.MAX_VALUE - millis) / unitMillis) {
                    return -1;
                }
                millis += whole * unitMillis;
            } else {
                if (whole > Long.MAX_VALUE / unit) {
                    return -1;
                }
                long nanos = whole * unit;
                millis += nanos / MILLIS;
                rem += nanos % MILLIS;
            }
            if (frac != 0) {
                long fracNanos = Math.round((double) frac / (double) scale * (double) unit); // < unit
                millis += fracNanos / MILLIS;
                rem += fracNanos % MILLIS;
            }
            if (rem >= MILLIS) {
                millis += rem / MILLIS;
                rem %= MILLIS;
            }
            if (millis < 0) {
                return -1;
            }
        }
        if (rem > 0) {
            if (millis == Long.MAX_VALUE) {
                return -1;
            }
            millis++;
        }
        return millis;
    }
}
