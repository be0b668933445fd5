package dev.llmguard.redis;

import dev.llmguard.core.loop.AgentThreads;
import dev.llmguard.log.GuardLog;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Whether Redis is usable. After a failure the fleet's state is set aside (requests use this JVM's
 * own buckets, so Redis never fails or blocks a request) and a background thread pings Redis every
 * retry interval; the first answer brings the fleet's state back. No request thread ever waits for
 * a Redis that is away. One line when Redis goes away, one when it is back.
 */
final class RedisHealth {
    /** Pings no more often than this, whatever llmguard.redis.retry-interval says. */
    private static final long MIN_PROBE_MILLIS = 50;

    private final GuardLog log;
    private final long probeIntervalMillis;
    private final BooleanSupplier ping;
    private volatile boolean down;
    private volatile long downSinceNanos;
    private ScheduledExecutorService prober;
    private ScheduledFuture<?> probing;

    /** @param ping true when Redis answered (on the prober's thread; its own timeout bounds it) */
    RedisHealth(GuardLog log, long retryIntervalMillis, BooleanSupplier ping) {
        this.log = log;
        this.probeIntervalMillis = Math.max(MIN_PROBE_MILLIS, retryIntervalMillis);
        this.ping = ping;
    }

    /** True while Redis is up (or not known to be down). */
    boolean useRedis() {
        return !down;
    }

    /** Marks the start of a Redis call, for {@link #succeeded(long)}. */
    long begin() {
        return System.nanoTime();
    }

    /**
     * A Redis call that started at {@code startedNanos} succeeded. Only a call started after the
     * last failure proves Redis is back: one already under way when Redis went away does not.
     */
    void succeeded(long startedNanos) {
        if (down) {
            synchronized (this) {
                if (down && startedNanos - downSinceNanos > 0) {
                    up();
                }
            }
        }
    }

    void failed(Throwable cause) {
        synchronized (this) {
            downSinceNanos = System.nanoTime();
            if (!down) {
                down = true;
                log.warn("Redis unreachable (" + describe(cause) + "): pacing with this JVM's own buckets until it is back;"
                        + " no request waits for or fails because of Redis");
                startProbing();
            }
        }
    }

    /** One ping now; true when Redis answered (and is in use again). */
    boolean probe() {
        long started = begin();
        boolean answered;
        try {
            answered = ping.getAsBoolean();
        } catch (RuntimeException e) {
            answered = false;
        }
        if (answered) {
            succeeded(started);
        }
        return answered;
    }

    boolean isDown() {
        return down;
    }

    private void up() {
        down = false;
        if (probing != null) {
            probing.cancel(false);
            probing = null;
        }
        log.info("Redis is reachable again: quotas are shared by the fleet again");
    }

    private void startProbing() {
        if (prober == null) {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, AgentThreads.named("llm-guard-redis"));
            executor.setRemoveOnCancelPolicy(true);
            prober = executor;
        }
        probing = prober.scheduleWithFixedDelay(this::probe, probeIntervalMillis, probeIntervalMillis, TimeUnit.MILLISECONDS);
    }

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + (m.length() > 120 ? m.substring(0, 120) : m));
    }
}
