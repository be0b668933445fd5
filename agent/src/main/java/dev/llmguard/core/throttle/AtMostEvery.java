package dev.llmguard.core.throttle;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets something be done at most once per interval, whichever threads ask, without a lock: the
 * first call is due, then the first call an interval or more after the last due one. Of threads
 * asking at once, one is told it is due.
 */
public final class AtMostEvery {
    private final long intervalNanos;
    /** When it was last due; 0: never (a System.nanoTime() of exactly 0 only makes one more call due). */
    private final AtomicLong lastNanos = new AtomicLong();

    public AtMostEvery(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /** True when it is due at {@code nowNanos} (System.nanoTime()); it then counts as done now. */
    public boolean due(long nowNanos) {
        long last = lastNanos.get();
        return (last == 0 || nowNanos - last >= intervalNanos) && lastNanos.compareAndSet(last, nowNanos);
    }
}
