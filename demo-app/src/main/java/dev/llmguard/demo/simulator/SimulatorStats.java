package dev.llmguard.demo.simulator;

import java.time.Duration;
import java.util.List;

/**
 * A consistent snapshot of the {@link LlmApiSimulator}'s counters.
 *
 * @param received          requests received (including those still being answered)
 * @param succeeded         answered 200
 * @param rateLimited       answered 429 because of the RPM or TPM limit (type {@code requests} or {@code tokens})
 * @param quotaExceeded     answered 429 {@code insufficient_quota}
 * @param otherErrors       answered with any other status (400, 404, 405, 500)
 * @param resolution        width of each timeline bucket
 * @param timeline          per-bucket counts since start (or the last reset), by arrival time
 */
public record SimulatorStats(long received, long succeeded, long rateLimited, long quotaExceeded,
                             long otherErrors, Duration resolution, List<TimeBucket> timeline) {

    public SimulatorStats {
        timeline = List.copyOf(timeline);
    }

    /** All 429 answers, rate limit and quota. */
    public long answered429() {
        return rateLimited + quotaExceeded;
    }

    /** Requests that have been answered (received minus those in flight). */
    public long answered() {
        return succeeded + rateLimited + quotaExceeded + otherErrors;
    }

    /**
     * Counts of one timeline bucket.
     *
     * @param offset    start of the bucket, from the simulator's start (or last reset)
     * @param requests  requests that arrived in the bucket and have been answered
     * @param succeeded of which answered 200
     * @param status429 of which answered 429 (rate limit or quota)
     */
    public record TimeBucket(Duration offset, long requests, long succeeded, long status429) {
    }
}
