package dev.llmguard.core.throttle;

import dev.llmguard.config.Limits;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConfigurationBuilder;
import java.time.Duration;

/**
 * The Bucket4j configurations a quota's limits are paced with, at a share ({@code pace}) of them.
 * Each bucket holds {@link #BURST_SECONDS} of its limit: the provider enforces per-minute limits over
 * short windows (OpenAI: about one second), so the minute's budget is never fired in a burst.
 */
final class BucketConfigurations {
    /**
     * Burst size, in seconds of the paced rate. Half of the provider's one-second window: requests
     * held up on the way by up to half a second, then arriving together, still fit in it. With a
     * full second's worth, connections being opened at startup held up the first burst while the
     * bucket refilled, and up to 4 % of the requests in the throttling benchmark got 429s.
     */
    static final double BURST_SECONDS = 0.5;

    private BucketConfigurations() {
    }

    /**
     * The requests bucket: a per-minute and a per-day limit, either or both; null when there is neither.
     * {@code remaining} and {@code dayRemaining} are what the provider said is left (-1: not known).
     */
    static BucketConfiguration requests(Limits limits, double pace, long remaining, long dayRemaining) {
        if (limits.requestsPerMinute() <= 0 && limits.requestsPerDay() <= 0) {
            return null;
        }
        ConfigurationBuilder b = BucketConfiguration.builder();
        if (limits.requestsPerMinute() > 0) {
            long capacity = burstCapacity(limits.requestsPerMinute(), pace);
            b.addLimit(minuteBandwidth(limits.requestsPerMinute(), pace, capacity, remaining));
        }
        if (limits.requestsPerDay() > 0) {
            long perDay = Math.max(1, (long) Math.floor(limits.requestsPerDay() * pace));
            long initial = dayRemaining >= 0 ? Math.min(perDay, dayRemaining) : perDay;
            b.addLimit(Bandwidth.builder().capacity(perDay).refillGreedy(perDay, Duration.ofDays(1)).initialTokens(initial).build());
        }
        return b.build();
    }

    /** The tokens bucket of {@code capacity} (see {@link #burstCapacity}); {@code remaining} as for requests. */
    static BucketConfiguration tokens(long perMinute, double pace, long capacity, long remaining) {
        return BucketConfiguration.builder().addLimit(minuteBandwidth(perMinute, pace, capacity, remaining)).build();
    }

    /** {@link #BURST_SECONDS} worth of the paced rate, at least 1. */
    static long burstCapacity(long perMinute, double pace) {
        return Math.max(1, (long) Math.floor(perMinute * pace / 60.0 * BURST_SECONDS));
    }

    /**
     * A bucket of {@link #BURST_SECONDS} worth, refilled at the paced rate. It starts about half full when the
     * limit was learned from a response (remaining >= 0): the request that brought the headers,
     * and other JVMs' first requests, already used part of the provider's window.
     */
    private static Bandwidth minuteBandwidth(long perMinute, double pace, long capacity, long remaining) {
        // refill over ten minutes keeps the fraction of a low limit (e.g. 2.94 per minute)
        long perTenMinutes = Math.max(1, Math.round(perMinute * pace * 10));
        // less the request that brought the headers: with a burst of two, JVMs starting together would
        // each send one more at once, and a fleet's first requests overflow the provider's short window
        long initial = remaining >= 0 ? Math.min((capacity - 1) / 2, remaining) : capacity;
        return Bandwidth.builder().capacity(capacity).refillGreedy(perTenMinutes, Duration.ofMinutes(10)).initialTokens(initial).build();
    }
}
