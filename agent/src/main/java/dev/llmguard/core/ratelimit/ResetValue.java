package dev.llmguard.core.ratelimit;

/**
 * A quota's reset as the header dialects write it (a duration, delta-seconds, epoch seconds or an
 * instant), as milliseconds from now: 0 for an instant already past, -1 when unreadable.
 */
final class ResetValue {

    /** Delta-seconds at or beyond this (about 31 years) are read as epoch seconds. */
    private static final long EPOCH_SECONDS_THRESHOLD = 1000000000L;

    private ResetValue() {
    }

    /**
     * A reset given relative to now: a Go duration ({@code 6m0s}), else decimal seconds, else (for
     * gateways that send instants) epoch seconds or an RFC 3339 instant.
     */
    static long relative(String value, long now) {
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

    /** An RFC 3339 instant as Anthropic sends, tolerating the {@link #relative} forms. */
    static long instantFirst(String value, long now) {
        long at = Rfc3339Instant.epochMillis(value);
        if (at >= 0) {
            return Math.max(0, at - now);
        }
        return relative(value, now);
    }
}
