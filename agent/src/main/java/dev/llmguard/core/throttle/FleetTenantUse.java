package dev.llmguard.core.throttle;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A quota's tenants as the whole fleet sees them, where the buckets are the fleet's (Redis): what
 * this JVM granted each tenant, and which of its tenants have requests waiting, are told to the
 * store in batches (at most every {@link #EXCHANGE_EVERY_NANOS}, so a grant costs no round trip of
 * its own), and what all JVMs told is read back as often. A tenant flooding from one JVM then lets
 * another JVM's tenants go first as it would within one. Calls come from request threads; one of
 * them does each exchange.
 */
final class FleetTenantUse {
    static final long EXCHANGE_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final QuotaKey quota;
    private final QuotaStore store;
    private Map<String, Double> unsentUse = new HashMap<String, Double>();
    /** Tenants told as waiting and not yet told to have stopped. */
    private final Set<String> toldWaiting = new HashSet<String>();
    private final AtMostEvery exchange = new AtMostEvery(EXCHANGE_EVERY_NANOS);
    /** Null until read, and while the store cannot tell. */
    private volatile TenantUse fleet;

    FleetTenantUse(QuotaKey quota, QuotaStore store) {
        this.quota = quota;
        this.store = store;
    }

    synchronized void used(String tenant, double units) {
        Double before = unsentUse.get(tenant);
        unsentUse.put(tenant, before == null ? units : before + units);
    }

    /**
     * The tenant's requests here stopped waiting: told at once when the fleet was told it waits, so
     * a tenant whose calls are served quickly does not hold the others back for long after.
     */
    void doneWaiting(String tenant) {
        synchronized (this) {
            if (!toldWaiting.remove(tenant)) {
                return;
            }
        }
        store.tenantDoneWaiting(quota, tenant);
    }

    /** This JVM's tenants with requests waiting now. */
    interface WaitingHere {
        Set<String> tenants();
    }

    /**
     * The fleet's view, exchanged with the store first when the last exchange is old enough; null
     * when the store could not tell (Redis away: this JVM's own view decides meanwhile).
     */
    TenantUse view(long nowNanos, WaitingHere waitingHere) {
        if (!exchange.due(nowNanos)) {
            return fleet;
        }
        Map<String, Double> use;
        Set<String> waiting;
        synchronized (this) {
            use = unsentUse;
            unsentUse = new HashMap<String, Double>();
            waiting = waitingHere.tenants();
            toldWaiting.addAll(waiting);
        }
        // outside the lock: a slow store holds up this request only, not the others' bookkeeping
        store.shareTenantUse(quota, use, waiting);
        fleet = store.fleetTenantUse(quota);
        return fleet;
    }
}
