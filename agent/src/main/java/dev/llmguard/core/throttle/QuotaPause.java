package dev.llmguard.core.throttle;

import java.util.concurrent.TimeUnit;

/**
 * A quota's pause after a 429 with a known wait: every request of the quota waits until then, in
 * this JVM and, through the store, in the rest of the fleet, instead of hammering the provider.
 */
final class QuotaPause {
    private final QuotaKey key;
    private final QuotaStore store;
    private volatile long pausedUntilNanos;

    QuotaPause(QuotaKey key, QuotaStore store) {
        this.key = key;
        this.store = store;
    }

    /** The whole quota waits until now + millis (never shortens a longer pause). */
    void pauseFor(long millis) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (this) {
            if (pausedUntilNanos == 0 || until - pausedUntilNanos > 0) {
                pausedUntilNanos = until;
            }
        }
        store.sharePause(key, System.currentTimeMillis() + millis);
    }

    /** How long the quota is still paused, by this JVM or by the fleet; 0 or less when it is not. */
    long leftMillis() {
        return Math.max(TimeUnit.NANOSECONDS.toMillis(pausedUntilNanos - System.nanoTime()),
                store.sharedPauseUntil(key) - System.currentTimeMillis());
    }
}
