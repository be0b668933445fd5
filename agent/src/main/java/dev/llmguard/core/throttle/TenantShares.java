package dev.llmguard.core.throttle;

import dev.llmguard.config.Limits;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One quota split between tenants: while requests of several tenants wait, a tenant that has had
 * more than an equal share of the quota's recent use lets the others go first; a tenant alone uses
 * the whole quota. Use decays with a half-life of a few seconds, so a tenant that flooded a minute
 * ago is not held back now. Each tenant may also be held to its own limits, in buckets of the
 * quota's store (Redis for a fleet). Where the buckets are the fleet's, the use and the waiting
 * tenants are the fleet's too ({@link FleetTenantUse}). Tenants are known by hash only.
 */
final class TenantShares {
    /** How fast past use is forgotten. */
    static final long HALF_LIFE_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** A tenant over its share by less than this is not held back: shares measured over a few requests jitter. */
    static final double SLACK = 1.1;
    /** Beyond this many tenants, new ones share one entry: the map stays bounded whatever the traffic. */
    static final int MAX_TENANTS = 10_000;
    static final String OVERFLOW = "(more tenants)";

    private final QuotaKey quota;
    private final QuotaStore store;
    private final Limits limits;
    private final double pace;
    private final ConcurrentMap<String, Tenant> tenants = new ConcurrentHashMap<String, Tenant>();
    /** Tenants with a request waiting now. */
    private final AtomicInteger waitingTenants = new AtomicInteger();
    private final Decaying total = new Decaying();
    /** The fleet's tenants where the buckets are the fleet's (Redis); null in a JVM on its own. */
    private final FleetTenantUse fleet;
    private final FleetTenantUse.WaitingHere waitingHere = new FleetTenantUse.WaitingHere() {
        @Override
        public Set<String> tenants() {
            return waitingHere();
        }
    };

    /** @param pace the share of the tenant limits paced at (the headroom below them) */
    TenantShares(QuotaKey quota, QuotaStore store, Limits limits, double pace) {
        this.quota = quota;
        this.store = store;
        this.limits = limits;
        this.pace = pace;
        this.fleet = store.sharesBuckets() ? new FleetTenantUse(quota, store) : null;
    }

    /** The tenant of this hash (see {@link QuotaKey#fingerprint}). */
    Tenant tenant(String hash) {
        Tenant t = tenants.get(hash);
        if (t != null) {
            return t;
        }
        if (tenants.size() >= MAX_TENANTS) {
            hash = OVERFLOW;
        }
        Tenant created = new Tenant(hash);
        Tenant raced = tenants.putIfAbsent(hash, created);
        return raced != null ? raced : created;
    }

    /** A request of {@code t} starts waiting. */
    void waiting(Tenant t) {
        if (t.waiting.getAndIncrement() == 0) {
            waitingTenants.incrementAndGet();
        }
    }

    /** A request of {@code t} stops waiting (granted or abandoned). */
    void doneWaiting(Tenant t) {
        if (t.waiting.decrementAndGet() == 0) {
            waitingTenants.decrementAndGet();
            if (fleet != null) {
                fleet.doneWaiting(t.hash);
            }
        }
    }

    /** True when {@code t} should let others go first: other tenants have requests waiting too, and it has had more than an equal share of the recent use. */
    boolean overShare(Tenant t, long nowNanos) {
        TenantUse f = fleet == null ? null : fleet.view(nowNanos, waitingHere);
        if (f != null) {
            // the fleet's view is up to a quarter second old: this JVM's own waiting tenants are newer
            int n = Math.max(f.waiting().size(), waitingTenants.get());
            return n >= 2 && f.total() > 0 && f.used(t.hash) / f.total() > SLACK / n;
        }
        int n = waitingTenants.get();
        if (n < 2) {
            return false;
        }
        double all = total.value(nowNanos);
        return all > 0 && t.used.value(nowNanos) / all > SLACK / n;
    }

    private Set<String> waitingHere() {
        Set<String> waiting = new HashSet<String>();
        for (Tenant t : tenants.values()) {
            if (t.waiting.get() > 0) {
                waiting.add(t.hash);
            }
        }
        return waiting;
    }

    /** What {@code t} was granted, in the quota's units (tokens when it has a tokens limit, else requests). */
    void used(Tenant t, double units, long nowNanos) {
        t.used.add(units, nowNanos);
        total.add(units, nowNanos);
        if (fleet != null) {
            fleet.used(t.hash, units);
        }
    }

    /** The tenant's own requests bucket, or null when tenants have no requests limit. */
    PacedBucket requests(Tenant t) {
        if (limits.requestsPerMinute() <= 0 && limits.requestsPerDay() <= 0) {
            return null;
        }
        PacedBucket b = t.requests;
        if (b == null) {
            synchronized (t) {
                if (t.requests == null) {
                    t.requests = store.bucket(t.key, "requests", BucketConfigurations.requests(limits, pace, -1, -1));
                }
                b = t.requests;
            }
        }
        return b;
    }

    /** The tenant's own tokens bucket, or null when tenants have no tokens limit. */
    PacedBucket tokens(Tenant t) {
        if (limits.tokensPerMinute() <= 0) {
            return null;
        }
        PacedBucket b = t.tokens;
        if (b == null) {
            synchronized (t) {
                if (t.tokens == null) {
                    long capacity = BucketConfigurations.burstCapacity(limits.tokensPerMinute(), pace);
                    t.tokens = store.bucket(t.key, "tokens", BucketConfigurations.tokens(limits.tokensPerMinute(), pace, capacity, -1));
                }
                b = t.tokens;
            }
        }
        return b;
    }

    /** The most a tenant's tokens bucket holds: a request costing more waits for a full bucket and leaves debt. */
    long tokensCapacity() {
        return BucketConfigurations.burstCapacity(limits.tokensPerMinute(), pace);
    }

    /** One tenant of the quota. */
    final class Tenant {
        /** The quota's key with the tenant's hash in it, for the tenant's own buckets. */
        final QuotaKey key;
        final String hash;
        final AtomicInteger waiting = new AtomicInteger();
        final Decaying used = new Decaying();
        volatile PacedBucket requests;
        volatile PacedBucket tokens;

        Tenant(String hash) {
            this.hash = hash;
            this.key = new QuotaKey(quota.host(), quota.keyFingerprint(), quota.model() + "#tenant-" + hash);
        }
    }

    /** A sum whose past halves every {@link #HALF_LIFE_NANOS}. */
    static final class Decaying {
        private double value;
        private long atNanos;

        synchronized void add(double amount, long nowNanos) {
            value = value(nowNanos) + amount;
            atNanos = nowNanos;
        }

        synchronized double value(long nowNanos) {
            if (value == 0) {
                return 0;
            }
            double halves = (nowNanos - atNanos) / (double) HALF_LIFE_NANOS;
            return halves <= 0 ? value : value * Math.pow(0.5, halves);
        }
    }
}
