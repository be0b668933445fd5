package dev.llmguard.redis;

import dev.llmguard.core.throttle.AtMostEvery;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;

/**
 * How many JVMs share the quotas: each one keeps a heartbeat in a sorted set, refreshed at most
 * every few seconds while it sends requests; members silent for longer than {@link #EXPIRY_MILLIS}
 * drop out. Used only to size this JVM's share while Redis is unreachable.
 */
final class FleetSize {
    static final long REFRESH_MILLIS = 2_000;
    static final long EXPIRY_MILLIS = 15_000;

    private final JedisPool pool;
    private final String key;
    private final String member = UUID.randomUUID().toString();
    private volatile int lastKnown = 1;
    private final AtMostEvery refresh = new AtMostEvery(TimeUnit.MILLISECONDS.toNanos(REFRESH_MILLIS));

    FleetSize(JedisPool pool, String prefix) {
        this.pool = pool;
        this.key = prefix + ":members";
    }

    int lastKnown() {
        return lastKnown;
    }

    /** Refreshes this JVM's heartbeat and the count, at most every {@link #REFRESH_MILLIS}. */
    void heartbeat(RedisHealth health) {
        if (!refresh.due(System.nanoTime())) {
            return;
        }
        long started = health.begin();
        try (Jedis jedis = pool.getResource()) {
            long wall = System.currentTimeMillis();
            jedis.zadd(key, wall, member);
            jedis.zremrangeByScore(key, Double.NEGATIVE_INFINITY, wall - EXPIRY_MILLIS);
            jedis.pexpire(key, EXPIRY_MILLIS * 4);
            lastKnown = (int) Math.max(1, Math.min(Integer.MAX_VALUE, jedis.zcard(key)));
            health.succeeded(started);
        } catch (RuntimeException e) {
            health.failed(e);
        }
    }
}
