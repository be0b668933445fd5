package dev.llmguard.core.ratelimit;

import java.util.List;

/**
 * One member of an IETF {@code RateLimit} or {@code RateLimit-Policy} list (an RFC 8941 structured
 * field) with the parameters the drafts define: {@code q} (quota), {@code r} (remaining), {@code t}
 * (reset) and {@code qu} (quota unit). Mutable while its list is parsed, then only read.
 */
final class IetfListItem {

    /** At most this many members are read from one field: a hostile header cannot cost more. */
    private static final int MAX_MEMBERS = 32;

    /** The policy name ({@code "permin"}), or empty for an unnamed one. */
    String name = "";
    long quota = -1;
    long remaining = -1;
    /** Milliseconds from now. */
    long reset = -1;
    /** {@code qu}, or null for the default (requests). */
    String unit;

    /** An item with no name, as the older drafts' separate fields describe. */
    static IetfListItem unnamed(long quota, long remaining, long reset) {
        IetfListItem item = new IetfListItem();
        item.quota = quota;
        item.remaining = remaining;
        item.reset = reset;
        return item;
    }

    /** The dimension (ordinal) of a quota unit: absent or "requests" is requests; token units are tokens; else -1. */
    static int dimensionOf(String unit) {
        if (unit == null || unit.equalsIgnoreCase("requests")) {
            return RateLimitSnapshot.Dimension.REQUESTS.ordinal();
        }
        if (unit.equalsIgnoreCase("tokens") || unit.equalsIgnoreCase("content-tokens")) {
            return RateLimitSnapshot.Dimension.TOKENS.ordinal();
        }
        if (unit.equalsIgnoreCase("input-tokens")) {
            return RateLimitSnapshot.Dimension.INPUT_TOKENS.ordinal();
        }
        if (unit.equalsIgnoreCase("output-tokens")) {
            return RateLimitSnapshot.Dimension.OUTPUT_TOKENS.ordinal();
        }
        return -1;
    }

    /** True when this policy binds before {@code other}: exhausted, then later reset, else less remaining. */
    boolean bindsBefore(IetfListItem other) {
        if (remaining == 0 && other.remaining == 0) {
            return reset > other.reset;
        }
        if (remaining == 0 || other.remaining == 0) {
            return remaining == 0;
        }
        if (remaining < 0) {
            return false;
        }
        return other.remaining < 0 || remaining < other.remaining;
    }

    /**
     * Parses {@code "a";q=1;w=2, "b";r=0;t=3}, the draft-07 dictionary {@code limit=1, remaining=0,
     * reset=3} and the integer items {@code 100;w=60} into {@code out}. Garbage members are skipped.
     */
    static void parseList(String value, List<IetfListItem> out, long now) {
        int i = 0;
        int len = value.length();
        IetfListItem dictionary = null;
        while (i < len && out.size() < MAX_MEMBERS) {
            while (i < len && (value.charAt(i) == ' ' || value.charAt(i) == '\t' || value.charAt(i) == ',')) {
                i++;
            }
            if (i >= len) {
                break;
            }
            IetfListItem item = new IetfListItem();
            boolean dictMember = false;
            if (value.charAt(i) == '"') {
                int end = endOfString(value, i);
                item.name = unquote(value, i, end);
                i = end;
            } else {
                int start = i;
                while (i < len && !isDelimiter(value.charAt(i))) {
                    i++;
                }
                int eq = value.indexOf('=', start);
                if (eq >= 0 && eq < i) {
                    // draft-07: limit=100, remaining=50, reset=5
                    if (dictionary == null) {
                        dictionary = new IetfListItem();
                        out.add(dictionary);
                    }
                    dictionary.set(value.substring(start, eq), value.substring(eq + 1, i), now);
                    dictMember = true;
                } else {
                    String token = value.substring(start, i);
                    long number = DurationText.nonNegativeLong(token);
                    if (number >= 0) {
                        item.quota = number; // draft-07 RateLimit-Policy: 100;w=60
                    } else {
                        item.name = token;
                    }
                }
            }
            i = parseParameters(value, i, dictMember ? null : item, now);
            // skip anything else up to the next member
            while (i < len && value.charAt(i) != ',') {
                if (value.charAt(i) == '"') {
                    i = endOfString(value, i);
                } else {
                    i++;
                }
            }
            if (!dictMember) {
                out.add(item);
            }
        }
    }

    /** Reads {@code ;key=value} parameters from {@code i} into {@code item} (none when null); the index after them. */
    private static int parseParameters(String value, int i, IetfListItem item, long now) {
        int len = value.length();
        while (i < len) {
            while (i < len && (value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
                i++;
            }
            if (i >= len || value.charAt(i) != ';') {
                break;
            }
            i++;
            while (i < len && value.charAt(i) == ' ') {
                i++;
            }
            int keyStart = i;
            while (i < len && !isDelimiter(value.charAt(i)) && value.charAt(i) != '=') {
                i++;
            }
            String key = value.substring(keyStart, i);
            String val = null;
            if (i < len && value.charAt(i) == '=') {
                i++;
                if (i < len && value.charAt(i) == '"') {
                    int end = endOfString(value, i);
                    val = unquote(value, i, end);
                    i = end;
                } else {
                    int valStart = i;
                    while (i < len && !isDelimiter(value.charAt(i))) {
                        i++;
                    }
                    val = value.substring(valStart, i);
                }
            }
            if (val != null && item != null) {
                item.set(key, val, now);
            }
        }
        return i;
    }

    private void set(String key, String val, long now) {
        if (key.equals("q") || key.equalsIgnoreCase("limit")) {
            quota = DurationText.nonNegativeLong(val);
        } else if (key.equals("r") || key.equalsIgnoreCase("remaining")) {
            remaining = DurationText.nonNegativeLong(val);
        } else if (key.equals("t") || key.equalsIgnoreCase("reset")) {
            reset = ResetValue.secondsOrInstant(val, now);
        } else if (key.equals("qu")) {
            unit = val;
        }
    }

    private static boolean isDelimiter(char c) {
        return c == ';' || c == ',' || c == ' ' || c == '\t';
    }

    /** The index just after the closing quote of the string starting at {@code start}. */
    private static int endOfString(String s, int start) {
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                return i + 1;
            } else {
                i++;
            }
        }
        return s.length();
    }

    private static String unquote(String s, int start, int end) {
        int to = end > start + 1 && end <= s.length() && s.charAt(end - 1) == '"' ? end - 1 : end;
        String raw = s.substring(Math.min(start + 1, to), to);
        if (raw.indexOf('\\') < 0) {
            return raw;
        }
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                c = raw.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
