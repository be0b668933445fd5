package dev.llmguard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.config.GuardConfig.LogLevel;
import dev.llmguard.log.LogCapture;
import java.io.IOException;
import java.net.ConnectException;
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

    private RedisHealth health(long retryIntervalMillis) {
        return new RedisHealth(capture.log(LogLevel.INFO), retryIntervalMillis);
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
    void afterAFailureRedisIsSetAsideForTheRetryInterval() {
        RedisHealth health = health(MINUTE);
        health.failed(refused());
        assertThat(health.isDown()).isTrue();
        assertThat(health.useRedis()).isFalse();
        assertThat(health.useRedis()).isFalse();
    }

    @Test
    void onceTheIntervalHasPassedOneCallerProbesAndTheOthersStayLocal() throws InterruptedException {
        RedisHealth health = health(300);
        health.failed(refused());
        assertThat(health.useRedis()).isFalse();
        Thread.sleep(350);
        assertThat(health.useRedis()).as("the probe").isTrue();
        assertThat(health.useRedis()).as("a caller right after the probe").isFalse();
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

    @Test
    void aFailureWhileDownPushesTheNextProbeBack() throws InterruptedException {
        RedisHealth health = health(2_000);
        health.failed(refused());
        Thread.sleep(1_000);
        health.failed(refused()); // e.g. the probe of another bucket failed
        Thread.sleep(1_500);
        assertThat(health.useRedis()).as("2.5 s after the first failure, 1.5 s after the second").isFalse();
        Thread.sleep(700);
        assertThat(health.useRedis()).isTrue();
    }
}
