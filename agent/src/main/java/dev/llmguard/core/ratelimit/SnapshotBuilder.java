package dev.llmguard.core.ratelimit;

import dev.llmguard.core.ratelimit.RateLimitSnapshot.Style;

import java.util.Arrays;

/**
 * The values one {@link RateLimitSnapshot#parse} collects from the header dialects before they are
 * frozen into a snapshot. Used by one parse on one thread, then dropped.
 */
final class SnapshotBuilder {

    private final long[] values = unknownValues();
    private final Style[] styles = new Style[RateLimitSnapshot.DIMENSIONS];
    private boolean openAi;
    private boolean anthropic;
    private boolean ietf;

    static long[] unknownValues() {
        long[] v = new long[RateLimitSnapshot.DIMENSIONS * RateLimitSnapshot.FIELDS];
        Arrays.fill(v, -1L);
        return v;
    }

    /** Stores a value (-1 for unknown) and makes {@code style} the style of the slot's dimension. */
    void set(int slot, long value, Style style) {
        values[slot] = value;
        styles[slot / RateLimitSnapshot.FIELDS] = style;
        if (style == Style.ANTHROPIC) {
            anthropic = true;
        } else if (style == Style.OPENAI) {
            openAi = true;
        } else {
            ietf = true;
        }
    }

    /** True when a value of the dimension (its ordinal) has been stored. */
    boolean isKnown(int dimension) {
        return styles[dimension] != null;
    }

    /**
     * The snapshot, or {@link RateLimitSnapshot#EMPTY} when nothing was stored and the IETF fields
     * demand no wait. Its style is Anthropic's when any Anthropic value was read, else OpenAI's, else IETF.
     */
    RateLimitSnapshot build(long ietfWaitMillis) {
        Style style = anthropic ? Style.ANTHROPIC
                : openAi ? Style.OPENAI
                : ietf || ietfWaitMillis >= 0 ? Style.IETF
                : Style.NONE;
        if (style == Style.NONE) {
            return RateLimitSnapshot.EMPTY;
        }
        return new RateLimitSnapshot(values, styles, style, ietfWaitMillis);
    }
}
