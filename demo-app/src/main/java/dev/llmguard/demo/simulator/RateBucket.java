package dev.llmguard.demo.simulator;

import java.time.Duration;

/**
 * One per-minute limit (requests or tokens), as two token buckets that are debited and refilled
 * together at {@code limit / 60 s}:
 * <ul>
 *   <li>the <em>enforcement</em> bucket holds the enforcement window's share of the limit
 *       ({@code limit * window / 60 s}) and decides whether a request is admitted;</li>
 *   <li>the <em>minute</em> bucket holds the whole per-minute limit and only feeds the
 *       {@code x-ratelimit-remaining-*} and {@code x-ratelimit-reset-*} headers.</li>
 * </ul>
 * A cost larger than the enforcement bucket (possible for tokens) is admitted when that bucket is
 * full and leaves it in debt, so the long-run rate stays at the limit. Not thread-safe: the simulator
 * calls it under its own lock.
 */
final class RateBucket {

    private static final double EPSILON = 1e-9;

    private final long limit;
    private final double capacity;
    private final double perNano;
    private double level;
    private double minuteLevel;
    private long lastNanos;

    RateBucket(long limitPerMinute, Duration window, long nowNanos) {
        this.limit = limitPerMinute;
        this.capacity = limitPerMinute * (window.toNanos() / 60e9);
        this.perNano = limitPerMinute / 60e9;
        refillFully(nowNanos);
    }

    long limit() {
        return limit;
    }

    double capacity() {
        return capacity;
    }

    void refillFully(long nowNanos) {
        level = capacity;
        minuteLevel = limit;
        lastNanos = nowNanos;
    }

    void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            double added = elapsed * perNano;
            level = Math.min(capacity, level + added);
            minuteLevel = Math.min(limit, minuteLevel + added);
            lastNanos = nowNanos;
        }
    }

    /** Nanoseconds until {@code cost} would be admitted, 0 when it is admitted now (call {@link #refill} first). */
    long waitNanos(long cost) {
        double needed = Math.min(cost, capacity);
        double missing = needed - level;
        if (missing <= EPSILON) {
            return 0;
        }
        return Math.max(1, (long) Math.ceil(missing / perNano));
    }

    void consume(long cost) {
        level -= cost;
        minuteLevel -= cost;
    }

    /** A rejected request still uses up what has refilled so far (never pushes a bucket into debt). */
    void chargeRejected(long cost) {
        if (level > 0) {
            level = Math.max(0, level - cost);
        }
        if (minuteLevel > 0) {
            minuteLevel = Math.max(0, minuteLevel - cost);
        }
    }

    /** What is left of the per-minute limit, rounded down. */
    long remaining() {
        return Math.max(0, (long) Math.floor(minuteLevel + EPSILON));
    }

    /** Used part of the per-minute limit, rounded up. */
    long used() {
        return limit - remaining();
    }

    /** Nanoseconds until the minute bucket is full again. */
    long resetNanos() {
        double missing = limit - minuteLevel;
        return missing <= EPSILON ? 0 : (long) Math.ceil(missing / perNano);
    }
}
