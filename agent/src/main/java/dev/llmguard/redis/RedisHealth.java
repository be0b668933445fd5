package dev.llmguard.redis;

import dev.llmguard.log.GuardLog;
import java.util.concurrent.TimeUnit;

/**
 * Whether Redis is usable. After a failure the fleet's state is set aside for a while (requests
 * use this JVM's own buckets, so Redis never fails or blocks a request); then one call tries Redis
 * again. One line when Redis goes away, one when it is back.
 */
final class RedisHealth {
    private final GuardLog log;
    private final long retryIntervalNanos;
    private volatile boolean down;
    private volatile long retryAtNanos;
    private volatile long downSinceNanos;

    RedisHealth(GuardLog log, long retryIntervalMillis) {
        this.log = log;
        this.retryIntervalNanos = TimeUnit.MILLISECONDS.toNanos(retryIntervalMillis);
    }

    /** True when Redis should be tried: it is up, or it is time to see whether it is back. */
    boolean useRedis() {
        if (!down) {
            return true;
        }
        long now = System.nanoTime();
        synchronized (this) {
            if (down && now - retryAtNanos >= 0) {
                retryAtNanos = now + retryIntervalNanos; // one caller probes; the others stay local
                return true;
            }
        }
        return false;
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
                    down = false;
                    log.info("Redis is reachable again: quotas are shared by the fleet again");
                }
            }
        }
    }

    void failed(Throwable cause) {
        synchronized (this) {
            retryAtNanos = System.nanoTime() + retryIntervalNanos;
            if (!down) {
                down = true;
                downSinceNanos = System.nanoTime();
                log.warn("Redis unreachable (" + describe(cause) + "): pacing with this JVM's own buckets until it is back;"
                        + " no request waits for or fails because of Redis");
            }
        }
    }

    boolean isDown() {
        return down;
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
