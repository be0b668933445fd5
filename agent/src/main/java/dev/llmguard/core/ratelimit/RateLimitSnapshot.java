package dev.llmguard.core.ratelimit;

import dev.llmguard.core.http.Headers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one response's headers say about the caller's quota: for each {@link Dimension} the limit,
 * the remaining amount and the time until it resets (each -1 when unknown), and the header style it
 * came from. Immutable. Built by {@link #parse(Headers, long)} in one pass over the headers; never
 * throws; values that cannot be read are left unknown.
 *
 * <p>Read: OpenAI / Azure OpenAI {@code x-ratelimit-{limit,remaining,reset}-{requests,tokens}},
 * Anthropic {@code anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{limit,remaining,reset}},
 * and the IETF draft fields {@code RateLimit-Policy} / {@code RateLimit} (structured lists such as
 * {@code "permin";q=50;w=60} and {@code "default";r=50;t=30}, plus the older drafts'
 * {@code RateLimit-Limit}, {@code RateLimit-Remaining}, {@code RateLimit-Reset} and
 * {@code limit=, remaining=, reset=} forms). Provider headers win over IETF fields for the same dimension.
 */
public final class RateLimitSnapshot {

    /** A quota dimension; {@link #label()} is the name used in logs and in {@code Verdict.limitType()}. */
    public enum Dimension {
        REQUESTS("requests"), TOKENS("tokens"), INPUT_TOKENS("input-tokens"), OUTPUT_TOKENS("output-tokens");

        private final String label;

        Dimension(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Which family of headers a value came from. */
    public enum Style { NONE, OPENAI, ANTHROPIC, IETF }

    private static final int DIMS = 4;
    private static final int LIMIT = 0;
    private static final int REMAINING = 1;
    private static final int RESET = 2;
    private static final Dimension[] DIMENSIONS = Dimension.values();

    /** Nothing known. */
    public static final RateLimitSnapshot EMPTY =
            new RateLimitSnapshot(unknownValues(), new Style[DIMS], Style.NONE, -1);

    /** Delta-seconds at or beyond this (about 31 years) are read as epoch seconds. */
    private static final long EPOCH_SECONDS_THRESHOLD = 1000000000L;

    private static final String[] OPENAI_RESET_HEADERS = {
        "x-ratelimit-reset-requests", "x-ratelimit-reset-tokens", null, null};
    private static final String[] ANTHROPIC_RESET_HEADERS = {
        "anthropic-ratelimit-requests-reset", "anthropic-ratelimit-tokens-reset",
        "anthropic-ratelimit-input-tokens-reset", "anthropic-ratelimit-output-tokens-reset"};

    private final long[] values; // [dimension * 3 + LIMIT|REMAINING|RESET]
    private final Style[] styles; // per dimension, null when nothing is known
    private final Style style;
    private final long ietfWaitMillis;

    private RateLimitSnapshot(long[] values, Style[] styles, Style style, long ietfWaitMillis) {
        this.values = values;
        this.styles = styles;
        this.style = style;
        this.ietfWaitMillis = ietfWaitMillis;
    }

    private static long[] unknownValues() {
        long[] v = new long[DIMS * 3];
        Arrays.fill(v, -1L);
        return v;
    }

    /**
     * Reads the rate-limit headers of one response. Reset values are made relative to
     * {@code nowEpochMillis} (an Anthropic reset instant in the past gives 0). Null gives {@link #EMPTY}.
     */
    public static RateLimitSnapshot parse(Headers headers, long nowEpochMillis) {
        if (headers == null || headers.size() == 0) {
            return EMPTY;
        }
        long[] v = null;
        Style[] st = null;
        boolean openai = false;
        boolean anthropic = false;
        boolean ietf = false;
        int n = headers.size();
        for (int i = 0; i < n; i++) {
            String name = headers.name(i);
            int len = name.length();
            if (len < 9) {
                continue;
            }
            char c0 = name.charAt(0);
            int dim = -1;
            int field = -1;
            Style s = null;
            if ((c0 == 'x' || c0 == 'X') && name.regionMatches(true, 0, "x-ratelimit-", 0, 12)) {
                int off;
                if (name.regionMatches(true, 12, "limit-", 0, 6)) {
                    field = LIMIT;
                    off = 18;
                } else if (name.regionMatches(true, 12, "remaining-", 0, 10)) {
                    field = REMAINING;
                    off = 22;
                } else if (name.regionMatches(true, 12, "reset-", 0, 6)) {
                    field = RESET;
                    off = 18;
                } else {
                    continue;
                }
                if (rest(name, off, "requests")) {
                    dim = 0;
                } else if (rest(name, off, "tokens")) {
                    dim = 1;
                } else {
                    continue;
                }
                s = Style.OPENAI;
            } else if ((c0 == 'a' || c0 == 'A') && name.regionMatches(true, 0, "anthropic-ratelimit-", 0, 20)) {
                int off;
                if (name.regionMatches(true, 20, "requests-", 0, 9)) {
                    dim = 0;
                    off = 29;
                } else if (name.regionMatches(true, 20, "tokens-", 0, 7)) {
                    dim = 1;
                    off = 27;
                } else if (name.regionMatches(true, 20, "input-tokens-", 0, 13)) {
                    dim = 2;
                    off = 33;
                } else if (name.regionMatches(true, 20, "output-tokens-", 0, 14)) {
                    dim = 3;
                    off = 34;
                } else {
                    continue;
                }
                if (rest(name, off, "limit")) {
                    field = LIMIT;
                } else if (rest(name, off, "remaining")) {
                    field = REMAINING;
                } else if (rest(name, off, "reset")) {
                    field = RESET;
                } else {
                    continue;
                }
                s = Style.ANTHROPIC;
            } else if ((c0 == 'r' || c0 == 'R') && name.regionMatches(true, 0, "ratelimit", 0, 9)) {
                ietf = true;
                continue;
            } else {
                continue;
            }
            String value = headers.value(i);
            long parsed;
            if (field == RESET) {
                parsed = s == Style.ANTHROPIC ? instantReset(value, nowEpochMillis) : relativeReset(value, nowEpochMillis);
            } else {
                parsed = DurationText.nonNegativeLong(value);
            }
            if (parsed < 0) {
                continue;
            }
            if (v == null) {
                v = unknownValues();
                st = new Style[DIMS];
            }
            v[dim * 3 + field] = parsed;
            st[dim] = s;
            if (s == Style.ANTHROPIC) {
                anthropic = true;
            } else {
                openai = true;
            }
        }
        long ietfWait = -1;
        boolean ietfUsed = false;
        if (ietf) {
            if (v == null) {
                v = unknownValues();
                st = new Style[DIMS];
            }
            Ietf parsed = Ietf.parse(headers, nowEpochMillis);
            ietfWait = parsed.waitMillis;
            ietfUsed = parsed.apply(v, st) || ietfWait >= 0;
        }
        if (v == null) {
            return EMPTY;
        }
        Style style = anthropic ? Style.ANTHROPIC : openai ? Style.OPENAI : ietfUsed ? Style.IETF : Style.NONE;
        if (style == Style.NONE) {
            return EMPTY;
        }
        return new RateLimitSnapshot(v, st, style, ietfWait);
    }

    /** True when {@code name} continues at {@code off} with exactly {@code suffix} (ignoring case). */
    private static boolean rest(String name, int off, String suffix) {
        return name.length() == off + suffix.length() && name.regionMatches(true, off, suffix, 0, suffix.length());
    }

    /**
     * A reset given relative to now: a Go duration ({@code 6m0s}), else decimal seconds, else (for
     * gateways that send instants) epoch seconds or an RFC 3339 instant. -1 when unreadable.
     */
    static long relativeReset(String value, long now) {
        long ms = GoDuration.millis(value);
        if (ms >= 0) {
            return ms;
        }
        return secondsOrInstant(value, now);
    }

    /** Delta-seconds, epoch seconds (when implausibly large for a delta) or an RFC 3339 instant. */
    static long secondsOrInstant(String value, long now) {
        long ms = DurationText.decimalSecondsMillis(value);
        if (ms >= 0) {
            if (ms / 1000 >= EPOCH_SECONDS_THRESHOLD) {
                return Math.max(0, ms - now);
            }
            return ms;
        }
        long at = Rfc3339Instant.epochMillis(value);
        return at < 0 ? -1 : Math.max(0, at - now);
    }

    /** Anthropic: an RFC 3339 instant (tolerating the relative forms); a past instant gives 0. */
    private static long instantReset(String value, long now) {
        long at = Rfc3339Instant.epochMillis(value);
        if (at >= 0) {
            return Math.max(0, at - now);
        }
        return relativeReset(value, now);
    }

    public boolean isEmpty() {
        return style == Style.NONE;
    }

    /** The header family the values came from; a provider's own headers win over IETF fields. */
    public Style style() {
        return style;
    }

    /** The style of one dimension's values, or {@link Style#NONE} when nothing is known about it. */
    public Style style(Dimension d) {
        Style s = styles[d.ordinal()];
        return s == null ? Style.NONE : s;
    }

    /** True when anything is known about the dimension. */
    public boolean has(Dimension d) {
        return styles[d.ordinal()] != null;
    }

    public long limit(Dimension d) {
        return values[d.ordinal() * 3 + LIMIT];
    }

    public long remaining(Dimension d) {
        return values[d.ordinal() * 3 + REMAINING];
    }

    /** Milliseconds from the parse time until the dimension resets (is full again), or -1. */
    public long resetMillis(Dimension d) {
        return values[d.ordinal() * 3 + RESET];
    }

    public long requestsLimit() {
        return limit(Dimension.REQUESTS);
    }

    public long requestsRemaining() {
        return remaining(Dimension.REQUESTS);
    }

    public long requestsResetMillis() {
        return resetMillis(Dimension.REQUESTS);
    }

    public long tokensLimit() {
        return limit(Dimension.TOKENS);
    }

    public long tokensRemaining() {
        return remaining(Dimension.TOKENS);
    }

    public long tokensResetMillis() {
        return resetMillis(Dimension.TOKENS);
    }

    /**
     * The exhausted dimension (remaining 0); when several are, the one that resets last; null when
     * none is known to be exhausted.
     */
    public Dimension exhausted() {
        Dimension best = null;
        long bestReset = Long.MIN_VALUE;
        for (Dimension d : DIMENSIONS) {
            if (remaining(d) == 0 && resetMillis(d) > bestReset) {
                best = d;
                bestReset = resetMillis(d);
            }
        }
        return best;
    }

    /**
     * The header a dimension's reset was read from ({@code x-ratelimit-reset-tokens},
     * {@code anthropic-ratelimit-input-tokens-reset}, or {@code ratelimit} for IETF fields), or null.
     */
    public String resetSource(Dimension d) {
        Style s = styles[d.ordinal()];
        if (s == Style.OPENAI) {
            return OPENAI_RESET_HEADERS[d.ordinal()];
        } else if (s == Style.ANTHROPIC) {
            return ANTHROPIC_RESET_HEADERS[d.ordinal()];
        } else if (s == Style.IETF) {
            return "ratelimit";
        }
        return null;
    }

    /**
     * The wait the IETF fields demand: the largest {@code t} among {@code RateLimit} policies with
     * {@code r=0}, or the older drafts' {@code RateLimit-Reset} unless {@code RateLimit-Remaining} is
     * above 0. -1 when none.
     */
    public long ietfWaitMillis() {
        return ietfWaitMillis;
    }

    /**
     * A compact log-safe text, e.g. {@code requests 0/500 reset 1.2s, tokens 1200/30000 reset 6s};
     * only what is known ({@code ?} for an unknown limit or remaining); empty when nothing is.
     */
    public String describe() {
        if (isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(64);
        for (Dimension d : DIMENSIONS) {
            if (styles[d.ordinal()] == null) {
                continue;
            }
            long limit = limit(d);
            long remaining = remaining(d);
            long reset = resetMillis(d);
            if (limit < 0 && remaining < 0 && reset < 0) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(d.label());
            if (limit >= 0 || remaining >= 0) {
                sb.append(' ');
                if (remaining >= 0) {
                    sb.append(remaining);
                } else {
                    sb.append('?');
                }
                sb.append('/');
                if (limit >= 0) {
                    sb.append(limit);
                } else {
                    sb.append('?');
                }
            }
            if (reset >= 0) {
                sb.append(" reset ");
                DurationText.appendMillis(sb, reset);
            }
        }
        if (sb.length() == 0 && ietfWaitMillis >= 0) {
            sb.append("wait ");
            DurationText.appendMillis(sb, ietfWaitMillis);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "RateLimitSnapshot[" + style + (isEmpty() ? "" : " " + describe()) + "]";
    }

    /** The IETF draft fields, parsed only when a {@code RateLimit*} header is present. */
    private static final class Ietf {
        long waitMillis = -1;
        final List<Item> policies = new ArrayList<Item>(2);
        final List<Item> limits = new ArrayList<Item>(2);

        static Ietf parse(Headers headers, long now) {
            Ietf out = new Ietf();
            long oldLimit = -1;
            long oldRemaining = -1;
            long oldReset = -1;
            int n = headers.size();
            for (int i = 0; i < n; i++) {
                String name = headers.name(i);
                String value = headers.value(i);
                if (name.equalsIgnoreCase("ratelimit-policy")) {
                    Item.parseList(value, out.policies, now);
                } else if (name.equalsIgnoreCase("ratelimit")) {
                    Item.parseList(value, out.limits, now);
                } else if (name.equalsIgnoreCase("ratelimit-limit")) {
                    oldLimit = leadingInteger(value);
                } else if (name.equalsIgnoreCase("ratelimit-remaining")) {
                    oldRemaining = DurationText.nonNegativeLong(value);
                } else if (name.equalsIgnoreCase("ratelimit-reset")) {
                    oldReset = secondsOrInstant(value, now);
                }
            }
            if (oldLimit >= 0 || oldRemaining >= 0 || oldReset >= 0) {
                Item old = new Item();
                old.name = "";
                old.q = oldLimit;
                old.r = oldRemaining;
                old.t = oldReset;
                out.limits.add(old);
                if (oldReset > 0 && oldRemaining <= 0) {
                    out.waitMillis = oldReset;
                }
            }
            for (int i = 0; i < out.limits.size(); i++) {
                Item it = out.limits.get(i);
                if (it.r == 0 && it.t > out.waitMillis) {
                    out.waitMillis = it.t;
                }
            }
            return out;
        }

        /** Writes the binding policy of each dimension not already known from provider headers. */
        boolean apply(long[] v, Style[] st) {
            boolean used = false;
            // policies listed in RateLimit (remaining and reset), joined with RateLimit-Policy by name
            Item[] best = new Item[DIMS];
            long[] bestLimit = new long[DIMS];
            for (int i = 0; i < limits.size(); i++) {
                Item it = limits.get(i);
                Item policy = find(policies, it.name);
                String unit = it.unit != null ? it.unit : policy != null ? policy.unit : null;
                int dim = dimensionOf(unit);
                if (dim < 0) {
                    continue;
                }
                long limit = it.q >= 0 ? it.q : policy != null ? policy.q : -1;
                if (best[dim] == null || binds(it, best[dim])) {
                    best[dim] = it;
                    bestLimit[dim] = limit;
                }
            }
            for (int dim = 0; dim < DIMS; dim++) {
                if (st[dim] != null) {
                    continue;
                }
                Item it = best[dim];
                if (it != null) {
                    if (bestLimit[dim] >= 0 || it.r >= 0 || it.t >= 0) {
                        v[dim * 3 + LIMIT] = bestLimit[dim];
                        v[dim * 3 + REMAINING] = it.r;
                        v[dim * 3 + RESET] = it.t;
                        st[dim] = Style.IETF;
                        used = true;
                    }
                } else {
                    // only a policy is known: its quota is the limit (the smallest, if several)
                    long limit = -1;
                    for (int i = 0; i < policies.size(); i++) {
                        Item p = policies.get(i);
                        if (dimensionOf(p.unit) == dim && p.q >= 0 && (limit < 0 || p.q < limit)) {
                            limit = p.q;
                        }
                    }
                    if (limit >= 0) {
                        v[dim * 3 + LIMIT] = limit;
                        st[dim] = Style.IETF;
                        used = true;
                    }
                }
            }
            return used;
        }

        /** True when {@code a} is the tighter policy: exhausted, then later reset, else less remaining. */
        private static boolean binds(Item a, Item b) {
            if (a.r == 0 && b.r == 0) {
                return a.t > b.t;
            }
            if (a.r == 0 || b.r == 0) {
                return a.r == 0;
            }
            if (a.r < 0) {
                return false;
            }
            return b.r < 0 || a.r < b.r;
        }

        private static Item find(List<Item> items, String name) {
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i).name.equals(name)) {
                    return items.get(i);
                }
            }
            return null;
        }

        /** The quota unit {@code qu}: absent or "requests" is requests; token units are tokens. */
        private static int dimensionOf(String unit) {
            if (unit == null || unit.equalsIgnoreCase("requests")) {
                return 0;
            }
            if (unit.equalsIgnoreCase("tokens") || unit.equalsIgnoreCase("content-tokens")) {
                return 1;
            }
            if (unit.equalsIgnoreCase("input-tokens")) {
                return 2;
            }
            if (unit.equalsIgnoreCase("output-tokens")) {
                return 3;
            }
            return -1;
        }

        /** The first integer of {@code 100} or {@code 100, 10;w=1} (the oldest draft's RateLimit-Limit). */
        private static long leadingInteger(String value) {
            int end = 0;
            while (end < value.length() && value.charAt(end) != ',' && value.charAt(end) != ';') {
                end++;
            }
            return DurationText.nonNegativeLong(value.substring(0, end));
        }
    }

    /** One member of a structured-field list with the parameters the drafts define. */
    private static final class Item {
        String name = "";
        long q = -1;
        long r = -1;
        long t = -1;
        String unit;

        /**
         * Parses {@code "a";q=1;w=2, "b";r=0;t=3}, the draft-07 dictionary {@code limit=1, remaining=0,
         * reset=3} and the integer items {@code 100;w=60}. Garbage members are skipped.
         */
        static void parseList(String value, List<Item> out, long now) {
            int i = 0;
            int len = value.length();
            Item dictionary = null;
            while (i < len && out.size() < 32) {
                while (i < len && (value.charAt(i) == ' ' || value.charAt(i) == '\t' || value.charAt(i) == ',')) {
                    i++;
                }
                if (i >= len) {
                    break;
                }
                Item item = new Item();
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
                            dictionary = new Item();
                            out.add(dictionary);
                        }
                        set(dictionary, value.substring(start, eq), value.substring(eq + 1, i), now);
                        dictMember = true;
                    } else {
                        String token = value.substring(start, i);
                        long number = DurationText.nonNegativeLong(token);
                        if (number >= 0) {
                            item.q = number; // draft-07 RateLimit-Policy: 100;w=60
                        } else {
                            item.name = token;
                        }
                    }
                }
                // parameters
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
                    if (val != null && !dictMember) {
                        set(item, key, val, now);
                    }
                }
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

        private static void set(Item item, String key, String val, long now) {
            if (key.equals("q") || key.equalsIgnoreCase("limit")) {
                item.q = DurationText.nonNegativeLong(val);
            } else if (key.equals("r") || key.equalsIgnoreCase("remaining")) {
                item.r = DurationText.nonNegativeLong(val);
            } else if (key.equals("t") || key.equalsIgnoreCase("reset")) {
                item.t = secondsOrInstant(val, now);
            } else if (key.equals("qu")) {
                item.unit = val;
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
}
