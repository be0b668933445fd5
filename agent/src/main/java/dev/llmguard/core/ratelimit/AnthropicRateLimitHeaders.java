package dev.llmguard.core.ratelimit;

import dev.llmguard.core.ratelimit.RateLimitSnapshot.Dimension;

/**
 * Anthropic's rate-limit headers,
 * {@code anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{limit,remaining,reset}}:
 * counts, and resets as RFC 3339 instants ({@code 2024-04-01T12:00:30Z}).
 */
final class AnthropicRateLimitHeaders {

    private static final String PREFIX = "anthropic-ratelimit-";

    /** The header name of each snapshot slot. */
    private static final String[] NAMES = names();

    private AnthropicRateLimitHeaders() {
    }

    private static String[] names() {
        String[] names = new String[RateLimitSnapshot.DIMENSIONS * RateLimitSnapshot.FIELDS];
        for (Dimension d : Dimension.values()) {
            for (int field = 0; field < RateLimitSnapshot.FIELDS; field++) {
                names[RateLimitSnapshot.slot(d.ordinal(), field)] =
                        PREFIX + d.label() + "-" + RateLimitSnapshot.fieldName(field);
            }
        }
        return names;
    }

    /** The snapshot slot the named header fills (names ignore case), or -1 when it is not one of these. */
    static int slot(String name) {
        if (!name.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return -1;
        }
        for (int slot = 0; slot < NAMES.length; slot++) {
            if (NAMES[slot].equalsIgnoreCase(name)) {
                return slot;
            }
        }
        return -1;
    }

    /** A count, or a reset in milliseconds from {@code now} (0 for an instant in the past); -1 when unreadable. */
    static long value(int slot, String value, long now) {
        if (slot % RateLimitSnapshot.FIELDS == RateLimitSnapshot.RESET) {
            return ResetValue.instantFirst(value, now);
        }
        return DurationText.nonNegativeLong(value);
    }

    /** {@code anthropic-ratelimit-<dimension>-reset}. */
    static String resetHeader(Dimension d) {
        return NAMES[RateLimitSnapshot.slot(d.ordinal(), RateLimitSnapshot.RESET)];
    }
}
