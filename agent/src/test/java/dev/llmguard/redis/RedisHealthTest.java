package dev.llmguard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.config.GuardConfig.LogLevel;
import dev.llmguard.log.LogCapture;
import java.io.IOException;
import java.net.ConnectException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;

class RedisHealthTest {
    private static final long MINUTE = 60_000;

    private final LogCapture capture = LogCapture.start();

    @AfterEach
    void stopCapture() {
        capture.close();
    }

    /** Whether the fake Redis answers pings, and on which threads it was pinged. */
    private final AtomicBoolean answering = new AtomicBoolean();
    private final Set<String> pingedOn = ConcurrentHashMap.newKeySet();
    private final AtomicInteger pings = new AtomicInteger();

    private RedisHealth health(long retryIntervalMillis) {
        return new RedisHealth(capture.log(LogLevel.INFO), retryIntervalMillis, () -> {
            pings.incrementAndGet();
            pingedOn.add(Thread.currentThread().getName());
            return answering.get();
        });
    }

    private static JedisConnectionException refused() {
        return new JedisConnectionException("Failed to connect to any host resolved for DNS name.",
                new ConnectException("Connection refused"));
    }

    /** A call started now begins strictly after the last failure, even on a coarse clock. */
    private static long startedAfter(RedisHealth health) {
        long before = System.nanoTime();
        while (System.nanoTime() == before) {
            Thread.onSpinWait();
        }
        return health.begin();
    }

    @Test
    void redisIsTriedUntilItFails() {
        RedisHealth health = health(MINUTE);
        assertThat(health.useRedis()).isTrue();
        assertThat(health.isDown()).isFalse();
        health.succeeded(health.begin());
        assertThat(health.useRedis()).isTrue();
        assertThat(capture.lines()).isEmpty();
    }

    @Test
    void afterAFailureRedisIsSetAsideUntilAPingIsAnswered() {
        RedisHealth health = health(MINUTE);
        health.failed(refused());
        assertThat(health.isDown()).isTrue();
        assertThat(health.useRedis()).isFalse();
        assertThat(health.useRedis()).isFalse();
    }

    @Test
    void aBackgroundPingBringsRedisBackAndNoRequestThreadEverProbes() throws InterruptedException {
        RedisHealth health = health(100);
        health.failed(refused());
        Thread.sleep(350);
        assertThat(health.useRedis()).as("still down: requests stay local").isFalse();
        assertThat(pings.get()).as("pinged every 100 ms").isBetween(2, 4);
        answering.set(true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (health.isDown() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(health.useRedis()).as("back within a ping interval").isTrue();
        assertThat(pingedOn).containsExactly("llm-guard-redis");
        int pingsWhenUp = pings.get();
        Thread.sleep(300);
        assertThat(pings.get()).as("no pings while Redis is up").isEqualTo(pingsWhenUp);
    }

    @Test
    void aPingThatThrowsIsNoAnswer() {
        RedisHealth health = new RedisHealth(capture.log(LogLevel.INFO), MINUTE, () -> {
            throw new JedisConnectionException("Unexpected end of stream.");
        });
        health.failed(refused());
        assertThat(health.probe()).isFalse();
        assertThat(health.isDown()).isTrue();
    }

    @Test
    void aCallThatStartedBeforeTheFailureDoesNotProveRedisIsBack() {
        RedisHealth health = health(0);
        long startedBefore = health.begin();
        health.failed(refused());
        health.succeeded(startedBefore);
        assertThat(health.isDown()).isTrue();

        health.succeeded(startedAfter(health));
        assertThat(health.isDown()).isFalse();
        assertThat(health.useRedis()).isTrue();
    }

    @Test
    void oneWarningWhenRedisGoesAwayNamingTheRootCauseAndOneLineWhenItIsBack() {
        RedisHealth health = health(0);
        health.failed(refused());
        health.failed(refused());
        health.failed(new IOException("again"));
        health.succeeded(startedAfter(health));
        health.succeeded(health.begin());
        assertThat(capture.lines()).containsExactly(
                "WARN Redis unreachable (ConnectException: Connection refused): pacing with this JVM's own buckets"
                        + " until it is back; no request waits for or fails because of Redis",
                "INFO Redis is reachable again: quotas are shared by the fleet again");
    }

    @Test
    void aLongFailureMessageIsCutTo120Characters() {
        RedisHealth health = health(MINUTE);
        health.failed(new JedisConnectionException("x".repeat(200)));
        assertThat(capture.lines()).containsExactly("WARN Redis unreachable (JedisConnectionException: " + "x".repeat(120)
                + "): pacing with this JVM's own buckets until it is back; no request waits for or fails because of Redis");
    }

}
