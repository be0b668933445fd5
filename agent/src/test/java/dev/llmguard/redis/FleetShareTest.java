package dev.llmguard.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FleetShareTest {

    private static BucketConfiguration config(long capacity, long refill, Duration period, long initial) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(refill, period).initialTokens(initial).build())
                .build();
    }

    private static Bandwidth only(BucketConfiguration c) {
        assertThat(c.getBandwidths()).hasSize(1);
        return c.getBandwidths()[0];
    }

    @Test
    void aJvmAloneAtFullPaceKeepsTheWholeQuota() {
        BucketConfiguration whole = config(100, 600, Duration.ofMinutes(1), 100);
        assertThat(FleetShare.of(whole, 1, 1.0)).isSameAs(whole);
    }

    @Test
    void aJvmAloneStillPacesBelowTheQuotaByTheMargin() {
        Bandwidth share = only(FleetShare.of(config(100, 600, Duration.ofMinutes(1), 100), 1));
        assertThat(share.getCapacity()).isEqualTo(100);
        assertThat(share.getRefillTokens()).isEqualTo(540); // 600 x 0.9
        assertThat(share.getInitialTokens()).isEqualTo(100);
    }

    @Test
    void eachOfFourJvmsGetsAQuarterOfTheCapacityAndLessThanAQuarterOfTheRefill() {
        Bandwidth share = only(FleetShare.of(config(100, 600, Duration.ofMinutes(1), 80), 4));
        assertThat(share.getCapacity()).isEqualTo(25);
        assertThat(share.getRefillTokens()).isEqualTo(135); // 600 x 0.9 / 4
        assertThat(share.getRefillPeriodNanos()).isEqualTo(Duration.ofMinutes(1).toNanos());
        assertThat(share.getInitialTokens()).isEqualTo(20);
    }

    @Test
    void aLoweredPaceScalesTheRefillButNotTheCapacity() {
        Bandwidth share = only(FleetShare.of(config(100, 1000, Duration.ofMinutes(10), 100), 2, 0.3));
        assertThat(share.getCapacity()).isEqualTo(50);
        assertThat(share.getRefillTokens()).isEqualTo(150); // 1000 x 0.3 / 2
        assertThat(share.getRefillPeriodNanos()).isEqualTo(Duration.ofMinutes(10).toNanos());
    }

    @Test
    void aShareNeverDropsBelowOneToken() {
        Bandwidth share = only(FleetShare.of(config(2, 3, Duration.ofMinutes(1), 2), 10));
        assertThat(share.getCapacity()).isEqualTo(1);
        assertThat(share.getRefillTokens()).isEqualTo(1);
        assertThat(share.getInitialTokens()).isZero();
    }

    @Test
    void everyLimitOfTheQuotaIsShared() {
        BucketConfiguration whole = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(40).refillGreedy(400, Duration.ofMinutes(1)).initialTokens(40).build())
                .addLimit(Bandwidth.builder().capacity(10_000).refillGreedy(10_000, Duration.ofDays(1)).initialTokens(8_000).build())
                .build();
        Bandwidth[] share = FleetShare.of(whole, 2).getBandwidths();
        assertThat(share).hasSize(2);
        assertThat(share[0].getCapacity()).isEqualTo(20);
        assertThat(share[0].getRefillTokens()).isEqualTo(180);
        assertThat(share[1].getCapacity()).isEqualTo(5_000);
        assertThat(share[1].getRefillTokens()).isEqualTo(4_500);
        assertThat(share[1].getRefillPeriodNanos()).isEqualTo(Duration.ofDays(1).toNanos());
        assertThat(share[1].getInitialTokens()).isEqualTo(4_000);
    }
}
