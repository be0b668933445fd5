package dev.llmguard.core.ratelimit;

/**
 * Parses the plain numbers, instants and dates that LLM providers put into rate-limit headers
 * (Go and protobuf durations are {@link GoDuration}'s). Every method never throws and answers -1
 * for anything it cannot read (null, empty, negative, non-numeric, NaN, numbers whose millisecond
 * value overflows a long). Durations are rounded up to whole milliseconds, so a non-zero wait never
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
     * An RFC 3339 instant as Anthropic sends in {@code anthropic-ratelimit-*-reset}:
     * {@code 2024-04-01T12:00:30Z}, {@code 2024-04-01T12:00:30.5+02:00}. The separator may be
     * {@code T}, {@code t} or a space; the zone {@code Z}, {@code z} or {@code ±hh:mm}. Fractions
     * below a millisecond are dropped. Epoch milliseconds, or -1 on garbage.
     */
    public static long rfc3339EpochMillis(String text) {
        if (text == null) {
            return -1;
        }
        int i = 0;
        int to = text.length();
        i = skipBlanks(text, i, to);
        to = trimBlanks(text, i, to);
        // yyyy-MM-ddTHH:mm:ss is 19 characters, plus at least a one-character zone
        if (to - i < 20) {
            return -1;
        }
        int year = digits(text, i, 4);
        if (year < 0 || text.charAt(i + 4) != '-') {
            return -1;
        }
        int month = digits(text, i + 5, 2);
        if (month < 1 || month > 12 || text.charAt(i + 7) != '-') {
            return -1;
        }
        int day = digits(text, i + 8, 2);
        if (day < 1 || day > daysInMonth(year, month)) {
            return -1;
        }
        char sep = text.charAt(i + 10);
        if (sep != 'T' && sep != 't' && sep != ' ') {
            return -1;
        }
        int hour = digits(text, i + 11, 2);
        if (hour < 0 || hour > 23 || text.charAt(i + 13) != ':') {
            return -1;
        }
        int minute = digits(text, i + 14, 2);
        if (minute < 0 || minute > 59 || text.charAt(i + 16) != ':') {
            return -1;
        }
        int second = digits(text, i + 17, 2);
        if (second < 0 || second > 60) { // 60: a leap second
            return -1;
        }
        i += 19;
        int millis = 0;
        if (text.charAt(i) == '.') {
            i++;
            int start = i;
            int scale = 100;
            while (i < to && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                millis += (text.charAt(i) - '0') * scale;
                scale /= 10;
                i++;
            }
            if (i == start) {
                return -1;
            }
        }
        if (i >= to) {
            return -1;
        }
        long offsetMinutes;
        char z = text.charAt(i);
        if ((z == 'Z' || z == 'z') && i + 1 == to) {
            offsetMinutes = 0;
        } else if (z == '+' || z == '-') {
            int oh = digits(text, i + 1, 2);
            int om;
            if (i + 6 == to && oh >= 0 && text.charAt(i + 3) == ':') {
                om = digits(text, i + 4, 2);
            } else if (i + 5 == to && oh >= 0) {
                om = digits(text, i + 3, 2);
            } else {
                return -1;
            }
            if (oh < 0 || oh > 23 || om < 0 || om > 59) {
                return -1;
            }
            offsetMinutes = (oh * 60L + om) * (z == '-' ? -1 : 1);
        } else {
            return -1;
        }
        long days = daysFromCivil(year, month, day);
        long seconds = days * 86400L + hour * 3600L + minute * 60L + second - offsetMinutes * 60L;
        return seconds * 1000L + millis;
    }

    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    /**
     * An HTTP-date (RFC 9110 section 5.6.7) as in {@code Retry-After}: the IMF-fixdate
     * {@code Sun, 06 Nov 1994 08:49:37 GMT}, and, as RFC 9110 asks recipients to accept, the obsolete
     * RFC 850 ({@code Sunday, 06-Nov-94 08:49:37 GMT}) and asctime ({@code Sun Nov  6 08:49:37 1994})
     * forms. Epoch milliseconds, or -1 on garbage.
     */
    public static long httpDateEpochMillis(String text) {
        if (text == null) {
            return -1;
        }
        int to = text.length();
        int i = 0;
        i = skipBlanks(text, i, to);
        to = trimBlanks(text, i, to);
        // optional day name, then a comma or spaces
        int nameStart = i;
        while (i < to && isLetter(text.charAt(i))) {
            i++;
        }
        if (i > nameStart) {
            if (i - nameStart < 3) {
                return -1;
            }
            if (i < to && text.charAt(i) == ',') {
                i++;
            }
            while (i < to && text.charAt(i) == ' ') {
                i++;
            }
        }
        if (i >= to) {
            return -1;
        }
        int day;
        int month;
        int year;
        int hour;
        int minute;
        int second;
        if (isDigit(text.charAt(i))) {
            // IMF-fixdate "06 Nov 1994 08:49:37 GMT" or RFC 850 "06-Nov-94 08:49:37 GMT"
            int dayLen = i + 1 < to && isDigit(text.charAt(i + 1)) ? 2 : 1;
            day = digits(text, i, dayLen);
            i += dayLen;
            if (i >= to) {
                return -1;
            }
            char sep = text.charAt(i);
            if (sep != ' ' && sep != '-') {
                return -1;
            }
            month = month(text, i + 1, to);
            i += 4;
            if (month < 0 || i >= to || text.charAt(i) != sep) {
                return -1;
            }
            i++;
            int yearStart = i;
            while (i < to && isDigit(text.charAt(i))) {
                i++;
            }
            int yearLen = i - yearStart;
            if (yearLen == 4) {
                year = digits(text, yearStart, 4);
            } else if (yearLen == 2) {
                int yy = digits(text, yearStart, 2);
                year = yy < 70 ? 2000 + yy : 1900 + yy;
            } else {
                return -1;
            }
            if (i + 9 > to || text.charAt(i) != ' ') {
                return -1;
            }
            hour = digits(text, i + 1, 2);
            minute = text.charAt(i + 3) == ':' ? digits(text, i + 4, 2) : -1;
            second = text.charAt(i + 6) == ':' ? digits(text, i + 7, 2) : -1;
            i += 9;
            while (i < to && text.charAt(i) == ' ') {
                i++;
            }
            if (!isUtcZone(text, i, to)) {
                return -1;
            }
        } else {
            // asctime "Nov  6 08:49:37 1994"
            month = month(text, i, to);
            i += 3;
            if (month < 0) {
                return -1;
            }
            while (i < to && text.charAt(i) == ' ') {
                i++;
            }
            int dayStart = i;
            while (i < to && isDigit(text.charAt(i))) {
                i++;
            }
            if (i - dayStart < 1 || i - dayStart > 2) {
                return -1;
            }
            day = digits(text, dayStart, i - dayStart);
            if (i + 9 > to || text.charAt(i) != ' ') {
                return -1;
            }
            hour = digits(text, i + 1, 2);
            minute = text.charAt(i + 3) == ':' ? digits(text, i + 4, 2) : -1;
            second = text.charAt(i + 6) == ':' ? digits(text, i + 7, 2) : -1;
            i += 9;
            if (i + 5 != to || text.charAt(i) != ' ') {
                return -1;
            }
            year = digits(text, i + 1, 4);
        }
        if (year < 0 || day < 1 || day > daysInMonth(year, month) || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 60) {
            return -1;
        }
        long days = daysFromCivil(year, month, day);
        return (days * 86400L + hour * 3600L + minute * 60L + second) * 1000L;
    }

    private static boolean isUtcZone(String s, int i, int to) {
        int len = to - i;
        return (len == 3 && (s.regionMatches(true, i, "GMT", 0, 3) || s.regionMatches(true, i, "UTC", 0, 3)))
                || (len == 2 && s.regionMatches(true, i, "UT", 0, 2))
                || (len == 1 && (s.charAt(i) == 'Z' || s.charAt(i) == 'z'))
                || (len == 5 && (s.startsWith("+0000", i) || s.startsWith("-0000", i)));
    }

    /** 1-12 for a three-letter English month name at {@code i}, else -1. */
    private static int month(String s, int i, int to) {
        if (i + 3 > to) {
            return -1;
        }
        for (int m = 0; m < 12; m++) {
            if (s.regionMatches(true, i, MONTHS, m * 3, 3)) {
                return m + 1;
            }
        }
        return -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    /** The value of exactly {@code n} ASCII digits at {@code i}, or -1. */
    private static int digits(CharSequence s, int i, int n) {
        if (i < 0 || i + n > s.length()) {
            return -1;
        }
        int v = 0;
        for (int k = i; k < i + n; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int daysInMonth(int year, int month) {
        switch (month) {
            case 2:
                boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
                return leap ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
    private static long daysFromCivil(long y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
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
