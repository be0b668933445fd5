package dev.llmguard.core.throttle;

import dev.llmguard.config.Limits;
import io.github.bucket4j.BucketConfiguration;
import java.util.Map;
import java.util.Set;

/**
 * Where quota state lives: in this JVM ({@link LocalQuotaStore}), or in Redis where many JVMs share
 * one provider quota. Besides the buckets, a fleet shares what one JVM learned: the limits from the
 * provider's headers, a pause after a 429, and that interactive requests come.
 */
public interface QuotaStore {
    /** A bucket for one dimension ("requests", "tokens") of the quota, created with the configuration if new. */
    PacedBucket bucket(QuotaKey key, String dimension, BucketConfiguration configuration);

    // What a fleet shares; a store of this JVM alone shares nothing.

    /** Tells the fleet that the quota is paused until the given instant (epoch millis). */
    default void sharePause(QuotaKey key, long untilEpochMillis) {
    }

    /** The instant (epoch millis) until which the fleet paused the quota; 0 when none. */
    default long sharedPauseUntil(QuotaKey key) {
        return 0;
    }

    default void shareLimits(QuotaKey key, Limits learned) {
    }

    /** Limits another JVM learned for the quota, or null. */
    default Limits sharedLimits(QuotaKey key) {
        return null;
    }

    /** Tells the fleet that interactive requests come for the quota, until the given instant (epoch millis). */
    default void shareInteractive(QuotaKey key, long untilEpochMillis) {
    }

    /** Until when (epoch millis) a JVM of the fleet said interactive requests come for the quota; 0 when none. */
    default long sharedInteractiveUntil(QuotaKey key) {
        return 0;
    }

    /**
     * Tells the fleet what this JVM granted each of a quota's tenants since it last told (in the
     * quota's units), and which of its tenants have requests waiting now.
     */
    default void shareTenantUse(QuotaKey quota, Map<String, Double> usedSinceLast, Set<String> waitingNow) {
    }

    /** Tells the fleet that a tenant said to wait (see {@link #shareTenantUse}) has no request waiting in this JVM any more. */
    default void tenantDoneWaiting(QuotaKey quota, String tenant) {
    }

    /** What the fleet's JVMs told of the quota's tenants; null when nothing is shared. */
    default TenantUse fleetTenantUse(QuotaKey quota) {
        return null;
    }

    /** True where the buckets are the whole fleet's (Redis), so this JVM's share needs no estimate of its own. */
    default boolean sharesBuckets() {
        return false;
    }
}
