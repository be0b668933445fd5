package dev.llmguard.core.ratelimit;

import dev.llmguard.core.http.Headers;

/**
 * What one response's headers say about the caller's quota: for each {@link Dimension} the limit,
 * the remaining amount and the time until it resets (each -1 when unknown), and the header style it
 * came from. Immutable. Built by {@link #parse(Headers, long)} in one pass over the headers; never
 * throws; values that cannot be read are left unknown.
 *
 * <p>Read: OpenAI / Azure OpenAI {@code x-ratelimit-*} ({@link OpenAiRateLimitHeaders}), Anthropic
 * {@code anthropic-ratelimit-*} ({@link AnthropicRateLimitHeaders}) and the IETF draft fields
 * {@code RateLimit-Policy} / {@code RateLimit} and their older forms ({@link IetfRateLimitHeaders}).
 * Provider headers win over IETF fields for the same dimension.
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

    /** The values of a dimension, in this order, fill three slots of {@link #values}. */
    static final int LIMIT = 0;
    static final int REMAINING = 1;
    static final int RESET = 2;
    static final int FIELDS = 3;
    private static final String[] FIELD_NAMES = {"limit", "remaining", "reset"};
    static final int DIMENSIONS = Dimension.values().length;

    /** Nothing known. */
    public static final RateLimitSnapshot EMPTY =
            new RateLimitSnapshot(SnapshotBuilder.unknownValues(), new Style[DIMENSIONS], Style.NONE, -1);

    private final long[] values; // [dimension * FIELDS + LIMIT|REMAINING|RESET]
    private final Style[] styles; // per dimension, null when nothing is known
    private final Style style;
    private final long ietfWaitMillis;

    /** Takes the arrays over: the builder that made them never touches them again. */
    RateLimitSnapshot(long[] values, Style[] styles, Style style, long ietfWaitMillis) {
        this.values = values;
        this.styles = styles;
        this.style = style;
        this.ietfWaitMillis = ietfWaitMillis;
    }

    /** The slot of one value of one dimension (its ordinal), e.g. {@code slot(1, RESET)}. */
    static int slot(int dimension, int field) {
        return dimension * FIELDS + field;
    }

    /** The word header names use for a field: {@code limit}, {@code remaining}, {@code reset}. */
    static String fieldName(int field) {
        return FIELD_NAMES[field];
    }

    /**
     * Reads the rate-limit headers of one response. Reset values are made relative to
     * {@code nowEpochMillis} (an Anthropic reset instant in the past gives 0). Null gives {@link #EMPTY}.
     */
    public static RateLimitSnapshot parse(Headers headers, long nowEpochMillis) {
        if (headers == null || headers.size() == 0) {
            return EMPTY;
        }
        SnapshotBuilder found = null; // most responses carry no rate-limit header: allocate only for one
        boolean ietf = false;
        int n = headers.size();
        for (int i = 0; i < n; i++) {
            String name = headers.name(i);
            Style style;
            long value;
            int slot = OpenAiRateLimitHeaders.slot(name);
            if (slot >= 0) {
                style = Style.OPENAI;
                value = OpenAiRateLimitHeaders.value(slot, headers.value(i), nowEpochMillis);
            } else if ((slot = AnthropicRateLimitHeaders.slot(name)) >= 0) {
                style = Style.ANTHROPIC;
                value = AnthropicRateLimitHeaders.value(slot, headers.value(i), nowEpochMillis);
            } else {
                ietf |= IetfRateLimitHeaders.isField(name);
                continue;
            }
            if (value >= 0) {
                if (found == null) {
                    found = new SnapshotBuilder();
                }
                found.set(slot, value, style);
            }
        }
        long ietfWait = -1;
        if (ietf) {
            // read after the provider headers: they win for a dimension both describe
            if (found == null) {
                found = new SnapshotBuilder();
            }
            ietfWait = IetfRateLimitHeaders.read(headers, nowEpochMillis, found);
        }
        return found == null ? EMPTY : found.build(ietfWait);
    }

    public boolean isEmpty() {
        return style == Style.NONE;
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
        return values[slot(d.ordinal(), LIMIT)];
    }

    public long remaining(Dimension d) {
        return values[slot(d.ordinal(), REMAINING)];
    }

    /** Milliseconds from the parse time until the dimension resets (is full again), or -1. */
    public long resetMillis(Dimension d) {
        return values[slot(d.ordinal(), RESET)];
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

    /**
     * The exhausted dimension (remaining 0); when several are, the one that resets last; null when
     * none is known to be exhausted.
     */
    public Dimension exhausted() {
        Dimension best = null;
        long bestReset = Long.MIN_VALUE;
        for (Dimension d : Dimension.values()) {
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
            return OpenAiRateLimitHeaders.resetHeader(d);
        } else if (s == Style.ANTHROPIC) {
            return AnthropicRateLimitHeaders.resetHeader(d);
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
        return RateLimitDescription.of(this);
    }

    /** The header family the values came from (a provider's own headers win over IETF fields), and {@link #describe()}. */
    @Override
    public String toString() {
        return "RateLimitSnapshot[" + style + (isEmpty() ? "" : " " + describe()) + "]";
    }
}
