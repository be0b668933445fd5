package dev.llmguard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.config.GuardConfig.LogLevel;
import dev.llmguard.log.GuardLog;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetSizeTest {
    private final FakeRedisPool pool = new FakeRedisPool();
    private final RedisHealth health = new RedisHealth(GuardLog.create(LogLevel.OFF), 60_000, () -> true);
    private final FleetSize fleet = new FleetSize(pool, "llmguard");

    @Test
    void aJvmCountsAloneUntilItHasHeardFromRedis() {
        assertThat(fleet.lastKnown()).isEqualTo(1);
        assertThat(pool.commands()).isEmpty();
    }

    @Test
    void aHeartbeatRecordsThisJvmDropsSilentOnesAndCountsTheRest() {
        pool.members = 4;
        long before = System.currentTimeMillis();
        fleet.heartbeat(health);
        long after = System.currentTimeMillis();

        assertThat(fleet.lastKnown()).isEqualTo(4);
        List<String> sent = pool.commands();
        assertThat(sent).hasSize(4);
        String[] zadd = sent.get(0).split(" ");
        assertThat(zadd[0] + " " + zadd[1]).isEqualTo("ZADD llmguard:members");
        assertThat(Long.parseLong(zadd[2])).isBetween(before, after);
        assertThat(zadd[3]).matches("[0-9a-f-]{36}"); // a random id: never anything about the host
        String[] zrem = sent.get(1).split(" ");
        assertThat(zrem[0] + " " + zrem[1] + " " + zrem[2]).isEqualTo("ZREMRANGEBYSCORE llmguard:members -Infinity");
        assertThat(Long.parseLong(zrem[3])).isEqualTo(Long.parseLong(zadd[2]) - FleetSize.EXPIRY_MILLIS);
        assertThat(sent.get(2)).isEqualTo("PEXPIRE llmguard:members 60000");
        assertThat(sent.get(3)).isEqualTo("ZCARD llmguard:members");
        assertThat(pool.closed).as("the connection goes back to the pool").isEqualTo(1);
    }

    @Test
    void heartbeatsWithinTheRefreshIntervalDoNotReachRedis() {
        pool.members = 3;
        fleet.heartbeat(health);
        pool.members = 7;
        fleet.heartbeat(health);
        fleet.heartbeat(health);
        assertThat(pool.commands()).hasSize(4);
        assertThat(fleet.lastKnown()).isEqualTo(3);
    }

    @Test
    void anEmptyCountStillCountsThisJvm() {
        pool.members = 0;
        fleet.heartbeat(health);
        assertThat(fleet.lastKnown()).isEqualTo(1);
    }

    @Test
    void whileRedisIsDownTheLastKnownSizeIsKeptAndTheHealthIsTold() throws InterruptedException {
        pool.members = 5;
        fleet.heartbeat(health);
        pool.down = true;
        Thread.sleep(FleetSize.REFRESH_MILLIS + 100);
        fleet.heartbeat(health);
        assertThat(fleet.lastKnown()).isEqualTo(5);
        assertThat(health.isDown()).isTrue();
    }

    @Test
    void eachJvmHasItsOwnMemberId() {
        FakeRedisPool other = new FakeRedisPool();
        fleet.heartbeat(health);
        new FleetSize(other, "llmguard").heartbeat(health);
        assertThat(pool.commands().get(0).split(" ")[3]).isNotEqualTo(other.commands().get(0).split(" ")[3]);
    }
}
