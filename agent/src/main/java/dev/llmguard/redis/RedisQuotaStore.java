package dev.llmguard.redis;

import dev.llmguard.config.Limits;
import dev.llmguard.config.RedisConfig;
import dev.llmguard.core.resilience.CircuitSharing;
import dev.llmguard.core.throttle.Bucket4jPacedBucket;
import dev.llmguard.core.throttle.LocalQuotaStore;
import dev.llmguard.core.throttle.PacedBucket;
import dev.llmguard.core.throttle.QuotaKey;
import dev.llmguard.core.throttle.QuotaStore;
import dev.llmguard.core.throttle.TenantUse;
import dev.llmguard.log.GuardLog;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.jedis.cas.JedisBasedProxyManager;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.params.SetParams;

/**
 * Quota state shared by a fleet through Redis: the buckets (Bucket4j's Redis integration over a
 * Jedis pool), the limits one JVM learned, the pause after a 429 and that interactive requests come. Keys are
 * {@code <prefix>:<host>:<key fingerprint>:<model>:<what>}: never the API key itself.
 *
 * <p>Loaded by name only when {@code llmguard.redis.url} is set, so without it no Redis class is
 * ever loaded. Every Redis call has a short timeout and falls back to this JVM's own state.
 */
public final class RedisQuotaStore implements QuotaStore, CircuitSharing {
    private static final Duration KEEP_STATE_AFTER_FULL = Duration.ofMinutes(2);
    private static final int LIMITS_TTL_SECONDS = 3600;

    private final JedisPool pool;
    private final ProxyManager<byte[]> buckets;
    private final String prefix;
    private final RedisHealth health;
    private final FleetSize fleet;

    public RedisQuotaStore(RedisConfig config, GuardLog log) {
        int timeout = (int) Math.min(Integer.MAX_VALUE, config.timeoutMillis());
        JedisPoolConfig poolConfig = new JedisPoolConfig();
        poolConfig.setMaxTotal(64);
        poolConfig.setMaxIdle(16);
        poolConfig.setMinIdle(0);
        poolConfig.setMaxWait(Duration.ofMillis(timeout)); // an exhausted pool falls back, never blocks a request
        poolConfig.setTestWhileIdle(false);
        poolConfig.setJmxEnabled(false);
        this.pool = new JedisPool(poolConfig, URI.create(config.url()), timeout, timeout);
        this.buckets = JedisBasedProxyManager.builderFor(pool)
                .withExpirationStrategy(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_STATE_AFTER_FULL))
                .build();
        this.prefix = config.prefix();
        this.health = new RedisHealth(log, config.retryIntervalMillis(), this::ping);
        this.fleet = new FleetSize(pool, prefix);
    }

    @Override
    public PacedBucket bucket(QuotaKey key, String dimension, BucketConfiguration configuration) {
        PacedBucket local = new Bucket4jPacedBucket(LocalQuotaStore.localBucket(configuration));
        PacedBucket shared = new Bucket4jPacedBucket(buckets.builder().build(bytes(redisKey(key, dimension)), () -> configuration));
        return new FailoverBucket(shared, local, configuration, health, fleet);
    }

    @Override
    public void sharePause(QuotaKey key, long untilEpochMillis) {
        setUntil(redisKey(key, "pause"), untilEpochMillis);
    }

    @Override
    public long sharedPauseUntil(QuotaKey key) {
        long until = readUntil(redisKey(key, "pause"));
        if (!health.isDown()) {
            fleet.heartbeat(health); // at most every few seconds: keeps the fleet's size known
        }
        return until;
    }

    @Override
    public void shareInteractive(QuotaKey key, long untilEpochMillis) {
        setUntil(redisKey(key, "interactive"), untilEpochMillis);
    }

    @Override
    public long sharedInteractiveUntil(QuotaKey key) {
        return readUntil(redisKey(key, "interactive"));
    }

    @Override
    public void shareTenantUse(QuotaKey quota, Map<String, Double> usedSinceLast, Set<String> waitingNow) {
        redis(jedis -> {
            RedisTenantUse.share(jedis, quotaKey(quota), usedSinceLast, waitingNow, System.currentTimeMillis());
            return null;
        });
    }

    @Override
    public void tenantDoneWaiting(QuotaKey quota, String tenant) {
        redis(jedis -> {
            RedisTenantUse.doneWaiting(jedis, quotaKey(quota), tenant);
            return null;
        });
    }

    @Override
    public TenantUse fleetTenantUse(QuotaKey quota) {
        return redis(jedis -> RedisTenantUse.read(jedis, quotaKey(quota), System.currentTimeMillis()));
    }

    /** Stores an instant (epoch millis) under {@code redisKey}, expiring then. */
    private void setUntil(String redisKey, long untilEpochMillis) {
        long ttl = untilEpochMillis - System.currentTimeMillis();
        if (ttl > 0) {
            redis(jedis -> jedis.set(redisKey, Long.toString(untilEpochMillis), SetParams.setParams().px(ttl)));
        }
    }

    /** The instant stored under {@code redisKey}; 0 when there is none (or Redis is away). */
    private long readUntil(String redisKey) {
        String value = redis(jedis -> jedis.get(redisKey));
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0; // not ours: ignore
        }
    }

    @Override
    public void shareLimits(QuotaKey key, Limits learned) {
        redis(jedis -> jedis.setex(redisKey(key, "limits"), LIMITS_TTL_SECONDS, learned.toString()));
    }

    @Override
    public Limits sharedLimits(QuotaKey key) {
        String value = redis(jedis -> jedis.get(redisKey(key, "limits")));
        try {
            return value == null || value.isEmpty() ? null : Limits.parse(value);
        } catch (IllegalArgumentException e) {
            return null; // not ours: ignore
        }
    }

    @Override
    public boolean sharesBuckets() {
        return true;
    }

    @Override
    public void opened(String circuit, long millis) {
        setUntil(circuitKey(circuit), System.currentTimeMillis() + millis);
    }

    @Override
    public long openMillisLeft(String circuit) {
        long until = readUntil(circuitKey(circuit));
        return until == 0 ? 0 : until - System.currentTimeMillis();
    }

    @Override
    public void closed(String circuit) {
        redis(jedis -> jedis.del(circuitKey(circuit)));
    }

    /** {@code <prefix>:circuit:<host>[ model=<model>]}: the circuit's name, as the log shows it. */
    private String circuitKey(String circuit) {
        return prefix + ":circuit:" + circuit;
    }

    /** One Redis command while Redis is usable; null when it is not, or when the command failed (reported to the health). */
    private <T> T redis(java.util.function.Function<Jedis, T> command) {
        if (!health.useRedis()) {
            return null;
        }
        long started = health.begin();
        try (Jedis jedis = pool.getResource()) {
            T result = command.apply(jedis);
            health.succeeded(started);
            return result;
        } catch (RuntimeException e) {
            health.failed(e);
            return null;
        }
    }

    /**
     * The background probe while Redis is away. The pool's idle connections died with the server it
     * had: they are dropped first, so that the first requests after Redis is back find live ones.
     */
    private boolean ping() {
        pool.clear();
        try (Jedis jedis = pool.getResource()) {
            return "PONG".equalsIgnoreCase(jedis.ping());
        }
    }

    private String redisKey(QuotaKey key, String what) {
        return quotaKey(key) + ':' + what;
    }

    private String quotaKey(QuotaKey key) {
        return prefix + ':' + key.host() + ':' + key.keyFingerprint() + ':' + key.model();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
