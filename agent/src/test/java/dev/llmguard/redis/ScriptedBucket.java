package dev.llmguard.redis;

import dev.llmguard.core.throttle.Bucket4jPacedBucket;
import dev.llmguard.core.throttle.LocalQuotaStore;
import dev.llmguard.core.throttle.PacedBucket;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.BucketConfiguration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * A {@link PacedBucket} over a real in-memory bucket, so its tokens are real, that can be told to fail
 * the way the Redis-backed one does while Redis is unreachable, and to hold one reservation open (a
 * request still waiting for its turn) until released.
 */
final class ScriptedBucket implements PacedBucket {
    private final PacedBucket real;
    /** When set, every operation throws as the Redis-backed bucket does while Redis is unreachable. */
    volatile boolean down;
    /** Every operation tried on this bucket, failed or not. */
    final AtomicInteger calls = new AtomicInteger();
    volatile BucketConfiguration lastConfiguration;
    volatile int rateLimited;
    /** When set, the next reservation waits for it and then succeeds, whatever {@link #down} says by then. */
    volatile CountDownLatch holdNextReserve;
    final CountDownLatch reserveHeld = new CountDownLatch(1);
    /** When set, a reservation is interrupted, as when the application's thread is. */
    volatile boolean interruptReserve;

    ScriptedBucket(BucketConfiguration configuration) {
        this.real = new Bucket4jPacedBucket(LocalQuotaStore.localBucket(configuration));
    }

    private void call() {
        calls.incrementAndGet();
        if (down) {
            throw new JedisConnectionException("Could not get a resource from the pool",
                    new java.net.ConnectException("Connection refused"));
        }
    }

    @Override
    public boolean reserve(long amount, long maxWaitNanos, BlockingStrategy parking) throws InterruptedException {
        CountDownLatch hold = holdNextReserve;
        if (hold != null) {
            holdNextReserve = null;
            calls.incrementAndGet();
            reserveHeld.countDown();
            hold.await();
            return true;
        }
        if (interruptReserve) {
            calls.incrementAndGet();
            throw new InterruptedException();
        }
        call();
        return real.reserve(amount, maxWaitNanos, parking);
    }

    @Override
    public void addTokens(long amount) {
        call();
        real.addTokens(amount);
    }

    @Override
    public void consumeIgnoringRateLimits(long amount) {
        call();
        real.consumeIgnoringRateLimits(amount);
    }

    @Override
    public long estimateWaitNanos(long amount) {
        call();
        return real.estimateWaitNanos(amount);
    }

    @Override
    public long availableTokens() {
        call();
        return real.availableTokens();
    }

    @Override
    public void drain(long amount) {
        call();
        real.drain(amount);
    }

    @Override
    public void reconfigure(BucketConfiguration configuration) {
        call();
        lastConfiguration = configuration;
        real.reconfigure(configuration);
    }

    @Override
    public void onRateLimited() {
        call();
        rateLimited++;
        real.onRateLimited();
    }

    /** The tokens now, read past the failure switch. */
    long tokens() {
        return real.availableTokens();
    }
}
