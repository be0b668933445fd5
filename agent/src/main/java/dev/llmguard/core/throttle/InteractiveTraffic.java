package dev.llmguard.core.throttle;

import java.util.concurrent.TimeUnit;

/**
 * Whether a quota serves interactive requests now. While it does, a background request reserves
 * its turn in the buckets only a little ahead ({@link #BACKGROUND_HORIZON_NANOS}) and otherwise
 * comes back when the buckets would have room: an interactive request that arrives then reserves
 * before it, so background requests use what interactive ones leave. A quota that serves only one
 * kind reserves as it always does: first come, first served, evenly spaced.
 *
 * <p>Where the buckets are the fleet's (Redis), the JVMs tell each other: one that serves
 * interactive requests says so through the store (at most once every {@link #SHARE_EVERY_NANOS}),
 * and the others read it (at most once every {@link #READ_EVERY_NANOS}), so a batch in one JVM
 * yields to a web front in another as it does within one.
 */
final class InteractiveTraffic {
    /** How far ahead a background request may hold a turn while interactive requests come. */
    static final long BACKGROUND_HORIZON_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Interactive requests are taken as coming until this long after the last one. */
    static final long MEMORY_NANOS = TimeUnit.SECONDS.toNanos(30);
    static final long SHARE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    static final long READ_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final QuotaKey key;
    /** Null when the buckets are this JVM's own: nothing to tell or read. */
    private final QuotaStore fleetStore;

    private volatile long lastSeenNanos;
    private volatile boolean seenEver;
    private final AtMostEvery share = new AtMostEvery(SHARE_EVERY_NANOS);
    private final AtMostEvery read = new AtMostEvery(READ_EVERY_NANOS);
    private volatile long fleetUntilEpochMillis;

    InteractiveTraffic(QuotaKey key, QuotaStore store) {
        this.key = key;
        this.fleetStore = store.sharesBuckets() ? store : null;
    }

    void seen(long nowNanos) {
        lastSeenNanos = nowNanos;
        seenEver = true;
        if (fleetStore != null && share.due(nowNanos)) {
            fleetStore.shareInteractive(key, System.currentTimeMillis() + TimeUnit.NANOSECONDS.toMillis(MEMORY_NANOS));
        }
    }

    /** True when background requests should let interactive ones go first, this JVM's or the fleet's. */
    boolean active(long nowNanos) {
        if (seenEver && nowNanos - lastSeenNanos < MEMORY_NANOS) {
            return true;
        }
        if (fleetStore == null) {
            return false;
        }
        if (read.due(nowNanos)) {
            fleetUntilEpochMillis = fleetStore.sharedInteractiveUntil(key);
        }
        return fleetUntilEpochMillis > System.currentTimeMillis();
    }
}
