package dev.llmguard.core.ratelimit;

import dev.llmguard.core.ratelimit.RateLimitSnapshot.Dimension;

/**
 * OpenAI's and Azure OpenAI's rate-limit headers,
 * {@code x-ratelimit-{limit,remaining,reset}-{requests,tokens}}: counts, and resets as Go durations
 * ({@code 6m0s}) relative to the response.
 */
final class OpenAiRateLimitHeaders {

    private static final String PREFIX = "x-ratelimit-";

    /** The header name of each snapshot slot; null for the dimensions OpenAI sends nothing about. */
    private static final String[] NAMES = names();

    private OpenAiRateLimitHeaders() {
    }

    private static String[] names() {
        String[] names = new String[RateLimitSnapshot.DIMENSIONS * RateLimitSnapshot.FIELDS];
        for (Dimension d : new Dimension[] {Dimension.REQUESTS, Dimension.TOKENS}) {
            for (int field = 0; field < RateLimitSnapshot.FIELDS; field++) {
                names[RateLimitSnapshot.slot(d.ordinal(), field)] =
                        PREFIX + RateLimitSnapshot.fieldName(field) + "-" + d.label();
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
            if (NAMES[slot] != null && NAMES[slot].equalsIgnoreCase(name)) {
                return slot;
            }
        }
        return -1;
    }

    /** A count, or a reset in milliseconds from {@code now}; -1 when unreadable. */
    static long value(int slot, String value, long now) {
        if (slot % RateLimitSnapshot.FIELDS == RateLimitSnapshot.RESET) {
            return ResetValue.relative(value, now);
        }
        return DurationText.nonNegativeLong(value);
    }

    /** {@code x-ratelimit-reset-requests} or {@code x-ratelimit-reset-tokens}; null for other dimensions. */
    static String resetHeader(Dimension d) {
        return NAMES[RateLimitSnapshot.slot(d.ordinal(), RateLimitSnapshot.RESET)];
    }
}
