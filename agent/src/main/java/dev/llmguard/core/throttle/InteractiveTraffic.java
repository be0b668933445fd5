package dev.llmguard.core.throttle;

import java.util.concurrent.TimeUnit;

/**
 * Whether a quota serves interactive requests now. While it does, a background request reserves
 * its turn in the buckets only a little ahead ({@link #BACKGROUND_HORIZON_NANOS}) and otherwise
 * comes back when the buckets would have room: an interactive request that arrives then reserves
 * before it, so background requests use what interactive ones leave. A quota that serves only one
 * kind reserves as it always does: first come, first served, evenly spaced.
 */
final class InteractiveTraffic {
    /** How far ahead a background request may hold a turn while interactive requests come. */
    static final long BACKGROUND_HORIZON_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Interactive requests are taken as coming until this long after the last one. */
    static final long MEMORY_NANOS = TimeUnit.SECONDS.toNanos(30);

    private volatile long lastSeenNanos;
    private volatile boolean seenEver;

    void seen(long nowNanos) {
        lastSeenNanos = nowNanos;
        seenEver = true;
    }

    /** True when background requests should let interactive ones go first. */
    boolean active(long nowNanos) {
        return seenEver && nowNanos - lastSeenNanos < MEMORY_NANOS;
    }
}
