package dev.llmguard.redis;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConfigurationBuilder;
import java.time.Duration;

/**
 * One JVM's share of a fleet's quota: while Redis is unreachable each JVM paces with its own
 * buckets, and if each took the whole quota a fleet of n would send n times too much.
 */
final class FleetShare {
    private FleetShare() {
    }

    /** Below the exact share: JVMs pacing apart cannot line up their requests, so leave them room. */
    static final double MARGIN = 0.9;

    /** The configuration with every limit divided by {@code members}, less {@link #MARGIN} (at least 1 token each). */
    static BucketConfiguration of(BucketConfiguration whole, int members) {
        return of(whole, members, MARGIN);
    }

    /** The configuration with every limit times {@code factor / members} (at least 1 token each). */
    static BucketConfiguration of(BucketConfiguration whole, int members, double factor) {
        if (members <= 1 && factor >= 1.0) {
            return whole;
        }
        ConfigurationBuilder b = BucketConfiguration.builder();
        for (Bandwidth bw : whole.getBandwidths()) {
            long capacity = Math.max(1, bw.getCapacity() / Math.max(1, members));
            long refill = Math.max(1, (long) (bw.getRefillTokens() * factor / Math.max(1, members)));
            b.addLimit(Bandwidth.builder().capacity(capacity)
                    .refillGreedy(refill, Duration.ofNanos(bw.getRefillPeriodNanos()))
                    .initialTokens(Math.min(capacity, Math.max(0, bw.getInitialTokens() / members)))
                    .build());
        }
        return b.build();
    }
}
