package dev.llmguard.redis;

import dev.llmguard.core.throttle.PacedBucket;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.BucketConfiguration;

/**
 * A bucket kept in Redis, with a local twin that takes over while Redis is unreachable. Every
 * operation tries Redis when it is healthy; any Redis failure falls through to the local bucket at
 * once, so a request is never failed or held up by Redis.
 */
final class FailoverBucket implements PacedBucket {
    private final PacedBucket shared;
    private final PacedBucket local;
    private final RedisHealth health;
    private final FleetSize fleet;
    private volatile BucketConfiguration whole;
    private volatile int localShareOf = 1;
    private volatile boolean onLocal;
    /** The local twin's pace as a share of this JVM's part of the quota; lowered by each 429 while on it. */
    private volatile double localFactor = FleetShare.MARGIN;
    /** Reserved on one side and still waiting to go out: the other side is charged for it at a handover. */
    private final java.util.concurrent.atomic.AtomicLong pendingShared = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong pendingLocal = new java.util.concurrent.atomic.AtomicLong();

    /** @param local created with {@code whole}; scaled to this JVM's share when it takes over */
    FailoverBucket(PacedBucket shared, PacedBucket local, BucketConfiguration whole, RedisHealth health, FleetSize fleet) {
        this.shared = shared;
        this.local = local;
        this.whole = whole;
        this.health = health;
        this.fleet = fleet;
    }

    /**
     * The local twin, paced at this JVM's share of the fleet's quota. It takes over empty: the
     * fleet has just used the shared budget, and a burst from every JVM at once would overrun it.
     */
    private PacedBucket local() {
        int members = fleet.lastKnown();
        if (members != localShareOf || !onLocal) {
            synchronized (this) {
                if (!onLocal) {
                    localFactor = FleetShare.MARGIN;
                    local.reconfigure(FleetShare.of(whole, members, localFactor));
                    localShareOf = members;
                    local.drain(Long.MAX_VALUE);
                    // this JVM's requests reserved through Redis still go out: they count here now
                    long pending = pendingShared.get();
                    if (pending > 0) {
                        local.consumeIgnoringRateLimits(pending);
                    }
                    onLocal = true;
                } else if (members != localShareOf) {
                    local.reconfigure(FleetShare.of(whole, members, localFactor));
                    localShareOf = members;
                }
            }
        }
        return local;
    }

    /**
     * While JVMs pace apart their requests can coincide and draw 429s: each one lowers this JVM's
     * pace (to 30% of its share at the least) until Redis is back.
     */
    @Override
    public void onRateLimited() {
        if (onLocal || !health.useRedis()) {
            synchronized (this) {
                localFactor = Math.max(0.3, localFactor * 0.7);
                local.reconfigure(FleetShare.of(whole, localShareOf, localFactor));
            }
            local().onRateLimited();
            return;
        }
        long started = health.begin();
        try {
            shared.onRateLimited();
            onShared(started);
        } catch (RuntimeException e) {
            health.failed(e);
            local().onRateLimited();
        }
    }

    /**
     * A Redis call that started at {@code startedNanos} succeeded. The fleet's bucket takes back over
     * only when that proved Redis is back: a reservation made before Redis went away, ending after,
     * proves nothing, and handing over on it would take the local twin over again, and again.
     */
    private void onShared(long startedNanos) {
        health.succeeded(startedNanos);
        if (onLocal && !health.isDown()) {
            synchronized (this) {
                if (onLocal) {
                    onLocal = false;
                    // the fleet's bucket refilled while nobody drew on it (or Redis lost it and it is new and
                    // full): the fleet spent that budget locally, so it takes over empty; requests reserved
                    // locally during the outage still go out, and it counts them too
                    long pending = pendingLocal.get();
                    try {
                        shared.drain(Long.MAX_VALUE);
                        if (pending > 0) {
                            shared.consumeIgnoringRateLimits(pending);
                        }
                    } catch (RuntimeException e) {
                        health.failed(e);
                    }
                }
            }
        }
    }

    @Override
    public boolean reserve(long amount, long maxWaitNanos, BlockingStrategy parking) throws InterruptedException {
        if (health.useRedis()) {
            long started = health.begin();
            pendingShared.addAndGet(amount);
            try {
                boolean reserved = shared.reserve(amount, maxWaitNanos, parking);
                onShared(started);
                return reserved;
            } catch (InterruptedException e) {
                throw e;
            } catch (RuntimeException e) {
                health.failed(e);
            } finally {
                pendingShared.addAndGet(-amount);
            }
        }
        pendingLocal.addAndGet(amount);
        try {
            return local().reserve(amount, maxWaitNanos, parking);
        } finally {
            pendingLocal.addAndGet(-amount);
        }
    }

    @Override
    public void addTokens(long amount) {
        run(b -> b.addTokens(amount));
    }

    @Override
    public void consumeIgnoringRateLimits(long amount) {
        run(b -> b.consumeIgnoringRateLimits(amount));
    }

    @Override
    public long estimateWaitNanos(long amount) {
        return call(b -> b.estimateWaitNanos(amount));
    }

    @Override
    public long availableTokens() {
        return call(PacedBucket::availableTokens);
    }

    @Override
    public void drain(long amount) {
        run(b -> b.drain(amount));
    }

    @Override
    public void reconfigure(BucketConfiguration configuration) {
        synchronized (this) {
            whole = configuration; // the twin always knows the limits, for when it takes over
            local.reconfigure(FleetShare.of(configuration, localShareOf, onLocal ? localFactor : FleetShare.MARGIN));
        }
        if (health.useRedis()) {
            long started = health.begin();
            try {
                shared.reconfigure(configuration);
                onShared(started);
            } catch (RuntimeException e) {
                health.failed(e);
            }
        }
    }

    private interface Operation {
        void apply(PacedBucket bucket);
    }

    private interface Query {
        long apply(PacedBucket bucket);
    }

    private void run(Operation op) {
        call(b -> {
            op.apply(b);
            return 0;
        });
    }

    /** On the fleet's bucket while Redis answers, else (and on any Redis failure) on the local twin. */
    private long call(Query op) {
        if (health.useRedis()) {
            long started = health.begin();
            try {
                long result = op.apply(shared);
                onShared(started);
                return result;
            } catch (RuntimeException e) {
                health.failed(e);
            }
        }
        return op.apply(local());
    }
}
