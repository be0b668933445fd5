package dev.llmguard.config;

import java.util.Locale;

/**
 * A quota's limits: requests per minute, tokens per minute, requests per day, concurrent requests
 * and output tokens per minute; -1 where there is none. Immutable. Text form: {@code rpm=500
 * tpm=30000 rpd=10000 concurrency=8 otpm=8000} (spaces or commas between items). With an output
 * tokens limit (Anthropic's separate input and output limits), {@code tpm} counts input tokens only.
 */
public final class Limits {
    public static final long NONE = -1;
    public static final Limits UNLIMITED = new Limits(NONE, NONE, NONE, NONE, NONE);

    private final long requestsPerMinute;
    private final long tokensPerMinute;
    private final long requestsPerDay;
    private final long maxConcurrent;
    private final long outputTokensPerMinute;

    public Limits(long requestsPerMinute, long tokensPerMinute, long requestsPerDay, long maxConcurrent) {
        this(requestsPerMinute, tokensPerMinute, requestsPerDay, maxConcurrent, NONE);
    }

    public Limits(long requestsPerMinute, long tokensPerMinute, long requestsPerDay, long maxConcurrent, long outputTokensPerMinute) {
        this.requestsPerMinute = positiveOrNone(requestsPerMinute);
        this.tokensPerMinute = positiveOrNone(tokensPerMinute);
        this.requestsPerDay = positiveOrNone(requestsPerDay);
        this.maxConcurrent = positiveOrNone(maxConcurrent);
        this.outputTokensPerMinute = positiveOrNone(outputTokensPerMinute);
    }

    private static long positiveOrNone(long v) {
        return v > 0 ? v : NONE;
    }

    /**
     * Parses {@code rpm=500 tpm=30000 rpd=10000 concurrency=8}.
     *
     * @throws IllegalArgumentException with a message naming the bad item
     */
    public static Limits parse(String text) {
        long rpm = NONE;
        long tpm = NONE;
        long rpd = NONE;
        long concurrency = NONE;
        long otpm = NONE;
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("no limits given");
        }
        for (String item : trimmed.split("[\\s,]+")) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + item + "' is not name=number");
            }
            String name = item.substring(0, eq).toLowerCase(Locale.ROOT);
            long value;
            try {
                value = Long.parseLong(item.substring(eq + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + item + "' does not end in a whole number");
            }
            if (value <= 0) {
                throw new IllegalArgumentException("'" + item + "' must be greater than 0");
            }
            if ("rpm".equals(name)) {
                rpm = value;
            } else if ("tpm".equals(name)) {
                tpm = value;
            } else if ("rpd".equals(name)) {
                rpd = value;
            } else if ("concurrency".equals(name)) {
                concurrency = value;
            } else if ("otpm".equals(name)) {
                otpm = value;
            } else {
                throw new IllegalArgumentException("'" + name + "' is not one of rpm, tpm, rpd, concurrency, otpm");
            }
        }
        return new Limits(rpm, tpm, rpd, concurrency, otpm);
    }

    public long requestsPerMinute() { return requestsPerMinute; }
    public long tokensPerMinute() { return tokensPerMinute; }
    public long requestsPerDay() { return requestsPerDay; }
    public long maxConcurrent() { return maxConcurrent; }
    /** Output tokens per minute, paced apart from the input tokens {@link #tokensPerMinute} then counts. */
    public long outputTokensPerMinute() { return outputTokensPerMinute; }

    public boolean isUnlimited() {
        return requestsPerMinute == NONE && tokensPerMinute == NONE && requestsPerDay == NONE && maxConcurrent == NONE
                && outputTokensPerMinute == NONE;
    }

    /** Each limit the lower of the two; a limit only one side has is kept. */
    public Limits min(Limits other) {
        return new Limits(lower(requestsPerMinute, other.requestsPerMinute), lower(tokensPerMinute, other.tokensPerMinute),
                lower(requestsPerDay, other.requestsPerDay), lower(maxConcurrent, other.maxConcurrent),
                lower(outputTokensPerMinute, other.outputTokensPerMinute));
    }

    /** The other's limits where it has them, this one's elsewhere. */
    public Limits overriddenBy(Limits other) {
        return new Limits(other.requestsPerMinute != NONE ? other.requestsPerMinute : requestsPerMinute,
                other.tokensPerMinute != NONE ? other.tokensPerMinute : tokensPerMinute,
                other.requestsPerDay != NONE ? other.requestsPerDay : requestsPerDay,
                other.maxConcurrent != NONE ? other.maxConcurrent : maxConcurrent,
                other.outputTokensPerMinute != NONE ? other.outputTokensPerMinute : outputTokensPerMinute);
    }

    private static long lower(long a, long b) {
        if (a == NONE) {
            return b;
        }
        return b == NONE ? a : Math.min(a, b);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Limits)) {
            return false;
        }
        Limits l = (Limits) o;
        return requestsPerMinute == l.requestsPerMinute && tokensPerMinute == l.tokensPerMinute
                && requestsPerDay == l.requestsPerDay && maxConcurrent == l.maxConcurrent
                && outputTokensPerMinute == l.outputTokensPerMinute;
    }

    @Override
    public int hashCode() {
        return (int) (requestsPerMinute * 31 + tokensPerMinute * 17 + requestsPerDay * 7 + maxConcurrent * 3 + outputTokensPerMinute);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        append(sb, "rpm", requestsPerMinute);
        append(sb, "tpm", tokensPerMinute);
        append(sb, "rpd", requestsPerDay);
        append(sb, "concurrency", maxConcurrent);
        append(sb, "otpm", outputTokensPerMinute);
        return sb.length() == 0 ? "unlimited" : sb.toString();
    }

    private static void append(StringBuilder sb, String name, long v) {
        if (v != NONE) {
            sb.append(sb.length() == 0 ? "" : " ").append(name).append('=').append(v);
        }
    }
}
