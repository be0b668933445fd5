package dev.llmguard.core.throttle;

import io.github.bucket4j.BlockingStrategy;

/**
 * A Bucket4j "park" that only notes how long the reservation it was handed has to wait, so an
 * asynchronous caller can schedule the attempt for then instead of parking a thread.
 */
final class DueTime implements BlockingStrategy {
    long nanos;

    @Override
    public void park(long nanosToPark) {
        nanos = nanosToPark;
    }
}
