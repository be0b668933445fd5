package dev.llmguard.core.throttle;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.BucketConfiguration;

/**
 * The few bucket operations pacing needs, whether the bucket's state lives in this JVM or in Redis
 * (shared by a fleet). Implemented over Bucket4j.
 */
public interface PacedBucket {
    /** Reserves {@code amount} (possibly into debt) and parks until it is due; false when that would exceed maxWaitNanos. */
    boolean reserve(long amount, long maxWaitNanos, BlockingStrategy parking) throws InterruptedException;

    /** Gives back a reservation that was not used. */
    void addTokens(long amount);

    /** Charges without waiting, into debt if need be. */
    void consumeIgnoringRateLimits(long amount);

    /** Nanoseconds until {@code amount} could be reserved without debt. */
    long estimateWaitNanos(long amount);

    long availableTokens();

    /** Takes up to {@code amount} tokens that are available now. */
    void drain(long amount);

    void reconfigure(BucketConfiguration configuration);

    /** The provider answered 429 for this quota: our model of it was off, start again from empty. */
    void onRateLimited();
}
