package dev.llmguard.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmguard.config.GuardConfig.LogLevel;
import dev.llmguard.log.GuardLog;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The Redis-backed bucket is a {@link ScriptedBucket} told to fail as it does while Redis is
 * unreachable; the local twin is a real in-memory bucket, so the values asserted are the tokens and
 * limits the twin really has.
 */
class FailoverBucketTest {
    private static final long MINUTE = 60_000;
    private static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final BlockingStrategy PARKING = BlockingStrategy.PARKING;

    private static BucketConfiguration limit(long capacity, long refill, Duration period) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(refill, period).initialTokens(capacity).build())
                .build();
    }

    /** Slow enough that no token comes back while a test runs: token counts stay exact. */
    private static BucketConfiguration slow(long capacity, long refillPerHour) {
        return limit(capacity, refillPerHour, Duration.ofHours(1));
    }

    private static Bandwidth only(BucketConfiguration c) {
        assertThat(c.getBandwidths()).hasSize(1);
        return c.getBandwidths()[0];
    }

    private static RedisHealth health(long retryIntervalMillis) {
        return new RedisHealth(GuardLog.create(LogLevel.OFF), retryIntervalMillis, () -> true);
    }

    /** A fleet of {@code members} JVMs, as the last heartbeat counted it. */
    private static FleetSize fleetOf(int members) {
        FakeRedisPool pool = new FakeRedisPool();
        pool.members = members;
        FleetSize fleet = new FleetSize(pool, "llmguard");
        fleet.heartbeat(health(MINUTE));
        return fleet;
    }

    @Test
    void whileRedisAnswersEveryOperationGoesToTheFleetsBucket() throws InterruptedException {
        BucketConfiguration whole = slow(10, 10);
        ScriptedBucket shared = new ScriptedBucket(whole);
        ScriptedBucket local = new ScriptedBucket(whole);
        FailoverBucket bucket = new FailoverBucket(shared, local, whole, health(MINUTE), fleetOf(1));

        assertThat(bucket.reserve(3, SECOND_NANOS, PARKING)).isTrue();
        bucket.consumeIgnoringRateLimits(2);
        bucket.addTokens(1);
        bucket.drain(1);
        assertThat(bucket.availableTokens()).isEqualTo(5);
        assertThat(bucket.estimateWaitNanos(5)).isZero();
        assertThat(shared.tokens()).isEqualTo(5);
        assertThat(local.calls.get()).isZero();
        assertThat(local.tokens()).isEqualTo(10);
    }

    @Test
    void aRedisFailureFallsThroughToTheLocalTwinSoTheRequestStillGoes() throws InterruptedException {
        BucketConfiguration whole = limit(10, 6000, Duration.ofMinutes(1)); // the twin refills one token in ~11 ms
        ScriptedBucket shared = new ScriptedBucket(whole);
        ScriptedBucket local = new ScriptedBucket(whole);
        RedisHealth health = health(MINUTE);
        FailoverBucket bucket = new FailoverBucket(shared, local, whole, health, fleetOf(1));
        shared.down = true;

        assertThat(bucket.reserve(1, SECOND_NANOS, PARKING)).isTrue();
        assertThat(health.isDown()).isTrue();
        assertThat(shared.calls.get()).isEqualTo(1);

        assertThat(bucket.reserve(1, SECOND_NANOS, PARKING)).isTrue();
        assertThat(shared.calls.get()).as("Redis is set aside until the retry interval has passed").isEqualTo(1);
    }

    @Test
    void pacesLocallyAtThisJvmsShareWhileRedisIsDown() {
        BucketConfiguration whole = slow(40, 600);
        ScriptedBucket shared = new ScriptedBucket(whole);
        ScriptedBucket local = new ScriptedBucket(whole);
        FailoverBucket bucket = new FailoverBucket(shared, local, whole, health(MINUTE), fleetOf(4));
        shared.down = true;

        assertThat(bucket.availableTokens()).as("the twin takes over empty: the fleet has just used the budget").isZero();
        Bandwidth share = only(local.lastConfiguration);
        assertThat(share.getCapacity()).isEqualTo(10); // 40 / 4
        assertThat(share.getRefillTokens()).isEqualTo(135); // 600 x 0.9 / 4
        assertThat(share.getRefillPeriodNanos()).isEqualTo(Duration.ofHours(1).toNanos());
    }

    @Test
    void aChangedFleetSizeRescalesTheLocalTwin() throws InterruptedException {
        BucketConfiguration whole = slow(40, 600);
        ScriptedBucket shared = new ScriptedBucket(whole);
        ScriptedBucket local = new ScriptedBucket(whole);
        FakeRedisPool fleetPool = new FakeRedisPool();
        fleetPool.members = 2;
        FleetSize fleet = new FleetSize(fleetPool, "llmguard");
        RedisHealth fleetHealth = health(MINUTE);
        fleet.heartbeat(fleetHealth);
        FailoverBucket bucket = new FailoverBucket(shared, local, whole, health(MINUTE), fleet);
        shared.down = true;
        bucket.availableTokens();
        assertThat(only(local.lastConfiguration).getRefillTokens()).isEqualTo(270); // 600 x 0.9 / 2

        fleetPool.members = 5;
        Thread.sleep(FleetSize.REFRESH_MILLIS + 100);
        fleet.heartbeat(fleetHealth);
        bucket.availableTokens();
        assertThat(only(local.lastConfiguration).getCapacity()).isEqualTo(8); // 40 / 5
        assertThat(only(local.lastConfiguration).getRefillTokens()).isEqualTo(108); // 600 x 0.9 / 5
    }

    @Test
    void eachRateLimitWhileOnTheLocalTwinLowersItsPaceToNoLessThan30Percent() {
        BucketConfiguration whole = slow(100, 1000);
        ScriptedBucket shared = new ScriptedBucket(whole);
        ScriptedBucket local = new ScriptedBucket(whole);
        FailoverBucket bucket = new FailoverBucket(shared, local, whole, health(MINUTE), fleetOf(1));
        shared.down = true;
        bucket.availableTokens();
        assertThat(only(local.lastConfiguration).getRefillTokens()).isEqualTo(900);

        long[] expected = {630, 440, 308, 300, 300}; // x 0.7 each time, down to 30 %
        for (long refill : expected) {
            bucket.onRateLimited();
            assertThat(only(local.lastConfiguration).getRefillTokens()).isEqualTo(refill);
        }
        assertThat(local.rateLimited).isEqualTo(expected.length);
        assertThat(local.tokens()).isZero();
        assertThat(shared.calls.get()).as("only the first failure reached Redis").isEqualTo(1);
    }

    @Test
    void whenRedisAnswersAgainTheFleetsBucketTakesBackOverAndTheTwinsPaceStartsAfresh() {
        BucketConfiguration whole = slow(10, 1000);
        ScriptedBucket shared = new ScriptedBucket(whole);
        ScriptedBucket local = new ScriptedBucket(whole);
        RedisHealth health = health(MINUTE); // probed by hand below
        FailoverBucket bucket = new FailoverBucket(shared, local, whole, health, fleetOf(1));
        shared.down = true;
        bucket.availableTokens();
        bucket.onRateLimited();
        assertThat(only(local.lastConfiguration).getRefillTokens()).isEqualTo(630);

        shared.down = false;
        assertThat(health.probe()).as("the background ping").isTrue();
        bucket.consumeIgnoringRateLimits(4);
        assertThat(health.isDown()).isFalse();
        assertThat(shared.tokens()).as("the fleet spent what its bucket refilled meanwhile: it takes over empty").isZero();
        assertThat(local.tokens()).isZero();

        shared.down = true;
        bucket.availableTokens();
        assertThat(only(local.lastConfiguration).getRefillTokens()).as("back at the margin").isEqualTo(900);
    }

    @Test
    void reservationsStillGoingOutThroughRedisCountAgainstTheLocalTwinWhenItTakesOver() throws Exception {
        BucketConfiguration whole = slow(10, 10);
        ScriptedBucket shared = new ScriptedBucket(whole);
        ScriptedBucket local = new ScriptedBucket(whole);
        RedisHealth health = health(MINUTE);
        FailoverBucket bucket = new FailoverBucket(shared, local, whole, health, fleetOf(1));
        CountDownLatch release = new CountDownLatch(1);
        shared.holdNextReserve = release;
        AtomicBoolean reserved = new AtomicBoolean();
        Thread waiting = new Thread(() -> {
            try {
                reserved.set(bucket.reserve(5, 5 * SECOND_NANOS, PARKING));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiting.start();
        assertThat(shared.reserveHeld.await(5, TimeUnit.SECONDS)).isTrue();

        shared.down = true;
        assertThat(bucket.availableTokens()).as("empty, less the 5 reserved through Redis").isEqualTo(-5);

        release.countDown();
        waiting.join(5_000);
        assertThat(reserved.get()).isTrue();
        assertThat(health.isDown()).as("a call under way when Redis went away does not prove it is back").isTrue();
        assertThat(bucket.availableTokens()).as("nor hands back to Redis: the twin is not taken over (and emptied) again")
                .isNegative();
    }

    @Test
    void reservationsMadeLocallyDuringTheOutageCountAgainstTheFleetsBucketWhenRedisIsBack() throws Exception {
        BucketConfiguration whole = slow(10, 10);
        ScriptedBucket shared = new ScriptedBucket(whole);
        ScriptedBucket local = new ScriptedBucket(whole);
        RedisHealth health = health(MINUTE);
        FailoverBucket bucket = new FailoverBucket(shared, local, whole, health, fleetOf(1));
        shared.down = true;
        bucket.availableTokens();
        CountDownLatch release = new CountDownLatch(1);
        local.holdNextReserve = release;
        Thread waiting = new Thread(() -> {
            try {
                bucket.reserve(3, 5 * SECOND_NANOS, PARKING);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiting.start();
        assertThat(local.reserveHeld.await(5, TimeUnit.SECONDS)).isTrue();

        shared.down = false;
        assertThat(health.probe()).as("the background ping").isTrue();
        assertThat(bucket.availableTokens()).as("read from the fleet's bucket before the handover").isEqualTo(10);
        assertThat(health.isDown()).isFalse();
        assertThat(shared.tokens()).as("emptied, and charged for the 3 reserved locally").isEqualTo(-3);

        release.countDown();
        waiting.join(5_000);
    }

    @Test
    void anInterruptedWaitIsNotTakenForARedisFailure() {
        BucketConfiguration whole = slow(10, 10);
        ScriptedBucket shared = new ScriptedBucket(whole);
        ScriptedBucket local = new ScriptedBucket(whole);
        RedisHealth health = health(MINUTE);
        FailoverBucket bucket = new FailoverBucket(shared, local, whole, health, fleetOf(1));
        shared.interruptReserve = true;

        assertThatThrownBy(() -> bucket.reserve(1, SECOND_NANOS, PARKING)).isInstanceOf(InterruptedException.class);
        assertThat(health.isDown()).isFalse();
        assertThat(local.calls.get()).isZero();
    }

    @Test
    void reconfiguringUpdatesTheFleetsBucketAndKeepsTheTwinReadyAtItsShare() {
        BucketConfiguration whole = slow(10, 600);
        BucketConfiguration next = slow(20, 1200);
        ScriptedBucket shared = new ScriptedBucket(whole);
        ScriptedBucket local = new ScriptedBucket(whole);
        FailoverBucket bucket = new FailoverBucket(shared, local, whole, health(MINUTE), fleetOf(1));

        bucket.reconfigure(next);
        assertThat(shared.lastConfiguration).isSameAs(next);
        assertThat(only(local.lastConfiguration).getCapacity()).isEqualTo(20);
        assertThat(only(local.lastConfiguration).getRefillTokens()).isEqualTo(1080); // 1200 x 0.9
    }

    @Test
    void whileRedisIsDownReconfiguringChangesOnlyTheTwinAtItsLoweredPace() {
        BucketConfiguration whole = slow(10, 600);
        BucketConfiguration next = slow(20, 1200);
        ScriptedBucket shared = new ScriptedBucket(whole);
        ScriptedBucket local = new ScriptedBucket(whole);
        FailoverBucket bucket = new FailoverBucket(shared, local, whole, health(MINUTE), fleetOf(1));
        shared.down = true;
        bucket.availableTokens();
        bucket.onRateLimited();
        int redisCalls = shared.calls.get();

        bucket.reconfigure(next);
        assertThat(only(local.lastConfiguration).getCapacity()).isEqualTo(20);
        assertThat(only(local.lastConfiguration).getRefillTokens()).isEqualTo(756); // 1200 x 0.63
        assertThat(shared.calls.get()).isEqualTo(redisCalls);
    }

    @Test
    void aReconfigureThatFindsRedisGoneNeitherThrowsNorLeavesTheTwinBehind() {
        BucketConfiguration whole = slow(10, 600);
        BucketConfiguration next = slow(20, 1200);
        ScriptedBucket shared = new ScriptedBucket(whole);
        ScriptedBucket local = new ScriptedBucket(whole);
        RedisHealth health = health(MINUTE);
        FailoverBucket bucket = new FailoverBucket(shared, local, whole, health, fleetOf(1));
        shared.down = true;

        bucket.reconfigure(next);
        assertThat(health.isDown()).isTrue();
        assertThat(only(local.lastConfiguration).getRefillTokens()).isEqualTo(1080);
        assertThat(bucket.availableTokens()).as("the twin takes over at the new limits, empty").isZero();
        assertThat(only(local.lastConfiguration).getCapacity()).isEqualTo(20);
    }

    @Test
    void aRateLimitWhileRedisAnswersDrainsTheFleetsBucket() {
        BucketConfiguration whole = slow(10, 10);
        ScriptedBucket shared = new ScriptedBucket(whole);
        ScriptedBucket local = new ScriptedBucket(whole);
        FailoverBucket bucket = new FailoverBucket(shared, local, whole, health(MINUTE), fleetOf(1));

        bucket.onRateLimited();
        assertThat(shared.rateLimited).isEqualTo(1);
        assertThat(shared.tokens()).isZero();
        assertThat(local.calls.get()).isZero();
    }

    @Test
    void aRateLimitThatFindsRedisGoneDrainsTheLocalTwin() {
        BucketConfiguration whole = slow(10, 10);
        ScriptedBucket shared = new ScriptedBucket(whole);
        ScriptedBucket local = new ScriptedBucket(whole);
        RedisHealth health = health(MINUTE);
        FailoverBucket bucket = new FailoverBucket(shared, local, whole, health, fleetOf(1));
        shared.down = true;

        bucket.onRateLimited();
        assertThat(health.isDown()).isTrue();
        assertThat(local.rateLimited).isEqualTo(1);
        assertThat(local.tokens()).isZero();
    }
}
