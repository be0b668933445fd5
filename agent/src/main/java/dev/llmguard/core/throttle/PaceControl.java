package dev.llmguard.core.throttle;

import java.util.concurrent.TimeUnit;

/**
 * How much of a quota's limits this JVM paces at: additive increase, multiplicative decrease.
 * A 429 that comes despite pacing means someone else draws on the same quota (another service,
 * JVMs without a shared Redis): the pace halves, at most once a second, and climbs back by 5% of
 * the limit per second while requests succeed. Clients that share a quota without coordinating
 * settle below it together instead of starving each other.
 */
final class PaceControl {
    static final double FLOOR = 0.1;
    static final double DECREASE = 0.5;
    static final double INCREASE_PER_SECOND = 0.05;
    private static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);

    private double factor = 1.0;
    private long lastChangeNanos;
    private boolean reducedBefore;

    synchronized double factor() {
        return factor;
    }

    /** A rate-limit 429 despite pacing. True when the factor changed. */
    synchronized boolean onRateLimited(long nowNanos) {
        if (reducedBefore && nowNanos - lastChangeNanos < SECOND_NANOS) {
            return false; // one event often brings several 429s at once: count it once
        }
        double next = Math.max(FLOOR, factor * DECREASE);
        reducedBefore = true;
        lastChangeNanos = nowNanos;
        if (next == factor) {
            return false;
        }
        factor = next;
        return true;
    }

    /** A request went through. True when the factor changed (at most once a second). */
    synchronized boolean onSuccess(long nowNanos) {
        if (factor >= 1.0 || nowNanos - lastChangeNanos < SECOND_NANOS) {
            return false;
        }
        double seconds = Math.min(10, (nowNanos - lastChangeNanos) / (double) SECOND_NANOS);
        factor = Math.min(1.0, factor + INCREASE_PER_SECOND * seconds);
        lastChangeNanos = nowNanos;
        return true;
    }
}
