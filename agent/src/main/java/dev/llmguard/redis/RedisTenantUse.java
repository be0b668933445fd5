package dev.llmguard.redis;

import dev.llmguard.core.throttle.TenantUse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * A quota's tenants in Redis, for fair shares across a fleet: each JVM adds what it granted each
 * tenant to a hash per second ({@code <quota>:tenant-use:<epoch second>}, kept {@link #SECONDS}
 * seconds), and the tenants with requests waiting to a sorted set by time
 * ({@code <quota>:tenant-waiting}, members older than {@link #WAITING_MILLIS} dropped). Read back,
 * the seconds are summed with weights halving every {@link TenantUse#HALF_LIFE_MILLIS}, as each JVM
 * weighs its own. One pipeline (one round trip) for each.
 */
final class RedisTenantUse {
    static final int SECONDS = 16;
    /** A tenant said to wait, by a JVM that then could not say it stopped, holds others back at most this long. */
    static final long WAITING_MILLIS = 1_000;

    private RedisTenantUse() {
    }

    static void share(Jedis jedis, String quotaKey, Map<String, Double> used, Set<String> waiting, long nowMillis) {
        if (used.isEmpty() && waiting.isEmpty()) {
            return;
        }
        Pipeline p = jedis.pipelined();
        if (!used.isEmpty()) {
            String second = useKey(quotaKey, nowMillis / 1000);
            for (Map.Entry<String, Double> e : used.entrySet()) {
                p.hincrByFloat(second, e.getKey(), e.getValue());
            }
            p.pexpire(second, (SECONDS + 2) * 1000L);
        }
        String waitingKey = waitingKey(quotaKey);
        for (String tenant : waiting) {
            p.zadd(waitingKey, nowMillis, tenant);
        }
        p.zremrangeByScore(waitingKey, Double.NEGATIVE_INFINITY, nowMillis - WAITING_MILLIS);
        p.pexpire(waitingKey, WAITING_MILLIS * 10);
        p.sync();
    }

    static TenantUse read(Jedis jedis, String quotaKey, long nowMillis) {
        Pipeline p = jedis.pipelined();
        long second = nowMillis / 1000;
        List<Response<Map<String, String>>> seconds = new ArrayList<Response<Map<String, String>>>();
        for (int i = 0; i < SECONDS; i++) {
            seconds.add(p.hgetAll(useKey(quotaKey, second - i)));
        }
        Response<List<String>> waiting = p.zrangeByScore(waitingKey(quotaKey), nowMillis - WAITING_MILLIS, Double.POSITIVE_INFINITY);
        p.sync();
        Map<String, Double> used = new HashMap<String, Double>();
        for (int i = 0; i < SECONDS; i++) {
            long middle = (second - i) * 1000 + 500;
            double weight = Math.pow(0.5, Math.max(0, nowMillis - middle) / (double) TenantUse.HALF_LIFE_MILLIS);
            for (Map.Entry<String, String> e : seconds.get(i).get().entrySet()) {
                double units;
                try {
                    units = Double.parseDouble(e.getValue());
                } catch (NumberFormatException ignored) {
                    continue; // not ours
                }
                Double before = used.get(e.getKey());
                used.put(e.getKey(), (before == null ? 0 : before) + units * weight);
            }
        }
        return new TenantUse(used, new HashSet<String>(waiting.get()));
    }

    /**
     * The tenant no longer waits in the JVM that said so. Another JVM where it still waits says so
     * again at its next exchange.
     */
    static void doneWaiting(Jedis jedis, String quotaKey, String tenant) {
        jedis.zrem(waitingKey(quotaKey), tenant);
    }

    private static String waitingKey(String quotaKey) {
        return quotaKey + ":tenant-waiting";
    }

    private static String useKey(String quotaKey, long epochSecond) {
        return quotaKey + ":tenant-use:" + epochSecond;
    }
}
