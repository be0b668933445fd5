package dev.llmguard.core.throttle;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What a fleet's JVMs together told of one quota's tenants: each tenant's recent use (decayed with
 * {@link TenantShares#HALF_LIFE_NANOS}, in the quota's units) and the tenants with requests waiting
 * now. Tenants are known by hash only.
 */
public final class TenantUse {
    /** How fast a fleet's store weighs down past use: as each JVM does its own. */
    public static final long HALF_LIFE_MILLIS = TimeUnit.NANOSECONDS.toMillis(TenantShares.HALF_LIFE_NANOS);

    private final Map<String, Double> used;
    private final Set<String> waiting;
    private final double total;

    public TenantUse(Map<String, Double> used, Set<String> waiting) {
        this.used = used;
        this.waiting = waiting;
        double sum = 0;
        for (double u : used.values()) {
            sum += u;
        }
        this.total = sum;
    }

    double used(String tenant) {
        Double u = used.get(tenant);
        return u == null ? 0 : u;
    }

    double total() {
        return total;
    }

    Set<String> waiting() {
        return waiting;
    }
}
