package dev.llmguard.redis;

import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * A pool handing out connections that never reach a server: they answer the fleet heartbeat's
 * commands from fields, record what they were sent, and throw as a real connection does while
 * Redis is unreachable.
 */
final class FakeRedisPool extends JedisPool {
    /** What ZCARD answers: the fleet's size as Redis counts it. */
    volatile long members = 1;
    /** When set, every connection fails as if Redis were unreachable. */
    volatile boolean down;
    final List<String> commands = new ArrayList<>();
    int closed;

    @Override
    public Jedis getResource() {
        if (down) {
            throw new JedisConnectionException("Could not get a resource from the pool",
                    new java.net.ConnectException("Connection refused"));
        }
        return new Jedis() {
            @Override
            public long zadd(String key, double score, String member) {
                record("ZADD " + key + " " + (long) score + " " + member);
                return 1;
            }

            @Override
            public long zremrangeByScore(String key, double min, double max) {
                record("ZREMRANGEBYSCORE " + key + " " + min + " " + (long) max);
                return 0;
            }

            @Override
            public long pexpire(String key, long milliseconds) {
                record("PEXPIRE " + key + " " + milliseconds);
                return 1;
            }

            @Override
            public long zcard(String key) {
                record("ZCARD " + key);
                return members;
            }

            @Override
            public void close() {
                synchronized (FakeRedisPool.this) {
                    closed++;
                }
            }
        };
    }

    private synchronized void record(String command) {
        commands.add(command);
    }

    synchronized List<String> commands() {
        return new ArrayList<>(commands);
    }
}
