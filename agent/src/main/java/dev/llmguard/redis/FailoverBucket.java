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
                if (members != localShareOf) {
                    local.reconfigure(FleetShare.of(whole, members));
                    localShareOf = members;
                }
                if (!onLocal) {
                    local.drain(Long.MAX_VALUE);
                    onLocal = true;
                }
            }
        }
        return local;
    }

    private void onShared(long startedNanos) {
        health.succeeded(startedNanos);
        onLocal = false;
    }

    @Override
    public boolean reserve(long amount, long maxWaitNanos, BlockingStrategy parking) throws InterruptedException {
        if (health.useRedis()) {
            long started = health.begin();
            try {
                boolean reserved = shared.reserve(amount, maxWaitNanos, parking);
                onShared(started);
                return reserved;
            } catch (InterruptedException e) {
                throw e;
            } catch (RuntimeException e) {
                health.failed(e);
            }
        }
        return local().reserve(amount, maxWaitNanos, parking);
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
        if (health.useRedis()) {
            long started = health.begin();
            try {
                long wait = shared.estimateWaitNanos(amount);
                onShared(started);
                return wait;
            } catch (RuntimeException e) {
                health.failed(e);
            }
        }
        return local().estimateWaitNanos(amount);
    }

    @Override
    public long availableTokens() {
        if (health.useRedis()) {
            long started = health.begin();
            try {
                long available = shared.availableTokens();
                onShared(started);
                return available;
            } catch (RuntimeException e) {
                health.failed(e);
            }
        }
        return local().availableTokens();
    }

    @Override
    public void drain(long amount) {
        run(b -> b.drain(amount));
    }

    @Override
    public void reconfigure(BucketConfiguration configuration) {
        synchronized (this) {
            whole = configuration; // the twin always knows the limits, for when it takes over
            local.reconfigure(FleetShare.of(configuration, localShareOf));
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

    private void run(Operation op) {
        if (health.useRedis()) {
            long started = health.begin();
            try {
                op.apply(shared);
                onShared(started);
                return;
            } catch (RuntimeException e) {
                health.failed(e);
            }
        }
        op.apply(local());
    }
}
