package dev.llmguard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.config.GuardConfig.LogLevel;
import dev.llmguard.config.Limits;
import dev.llmguard.config.RedisConfig;
import dev.llmguard.core.http.Headers;
import dev.llmguard.core.http.RequestInfo;
import dev.llmguard.core.throttle.PacedBucket;
import dev.llmguard.core.throttle.QuotaKey;
import dev.llmguard.log.LogCapture;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.BucketConfiguration;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store while Redis is unreachable: a URL naming a loopback port nothing listens on, so every
 * connection is refused at once. What it does while Redis answers (key names, expiry, values read back)
 * needs a server: agent-it's RedisStoreIT and FleetIT run those against a real redis-server.
 */
class RedisQuotaStoreTest {
    private static final String TAIL = ": pacing with this JVM's own buckets until it is back;"
            + " no request waits for or fails because of Redis";

    private final LogCapture capture = LogCapture.start();
    private final QuotaKey key = QuotaKey.of(RequestInfo.builder().host("api.openai.com").port(443)
            .headers(Headers.of("Authorization", "Bearer sk-test")).build(), "gpt-4o");

    @AfterEach
    void stopCapture() {
        capture.close();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private RedisQuotaStore unreachable() throws IOException {
        RedisConfig config = RedisConfig.builder().url("redis://127.0.0.1:" + closedPort())
                .timeoutMillis(500).retryIntervalMillis(60_000).build();
        return new RedisQuotaStore(config, capture.log(LogLevel.INFO));
    }

    @Test
    void nothingIsSharedNothingThrowsAndOneWarningSaysWhy() throws IOException {
        RedisQuotaStore store = unreachable();

        store.sharePause(key, System.currentTimeMillis() + 5_000);
        store.shareLimits(key, Limits.parse("rpm=500"));
        assertThat(store.sharedPauseUntil(key)).isZero();
        assertThat(store.sharedLimits(key)).isNull();
        store.shareInteractive(key, System.currentTimeMillis() + 5_000);
        assertThat(store.sharedInteractiveUntil(key)).isZero();
        store.shareTenantUse(key, java.util.Map.of("t1", 3.0), java.util.Set.of("t1"));
        store.tenantDoneWaiting(key, "t1");
        assertThat(store.fleetTenantUse(key)).as("nothing told: each JVM's own tenant shares decide").isNull();

        // Jedis keeps the refused connection as a suppressed exception: its own message is the root cause
        assertThat(capture.lines()).containsExactly(
                "WARN Redis unreachable (JedisConnectionException: Failed to connect to any host resolved for DNS name.)" + TAIL);
    }

    @Test
    void aBucketPacesWithThisJvmsOwnShareAndLetsTheRequestGo() throws Exception {
        RedisQuotaStore store = unreachable();
        BucketConfiguration limits = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(10).refillGreedy(6_000, Duration.ofMinutes(1)).initialTokens(10).build())
                .build();
        PacedBucket bucket = store.bucket(key, "requests", limits);

        assertThat(bucket.availableTokens()).as("the local twin takes over empty").isZero();
        assertThat(bucket.reserve(1, TimeUnit.SECONDS.toNanos(2), BlockingStrategy.PARKING)).isTrue();
        assertThat(capture.lines()).hasSize(1);
    }
}
