package dev.llmguard.core.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SpendShareTest {
    private static final long MS = 1_000_000L;
    private static final long LIMIT = 300; // per minute: 5 a second

    /** The provider's minute bucket as the remaining header tells it: full at the limit, refilled at limit / 60 s. */
    private static final class ProviderCount {
        private double level = LIMIT;
        private long at;

        long spend(long nowNanos, long amount) {
            level = Math.min(LIMIT, level + LIMIT * ((nowNanos - at) / 60e9)) - amount;
            at = nowNanos;
            return (long) Math.floor(Math.max(0, level));
        }
    }

    /** Over {@code seconds}, this JVM sends {@code ownPerSecond} and others {@code othersPerSecond}, interleaved. */
    private static void run(SpendShare share, ProviderCount provider, long fromMs, int seconds, int ownPerSecond, int othersPerSecond) {
        int slots = 1000;
        for (int ms = 0; ms < seconds * slots; ms++) {
            long now = (fromMs + ms) * MS;
            if (othersPerSecond > 0 && ms % (slots / othersPerSecond) == slots / othersPerSecond / 2) {
                provider.spend(now, 1);
            }
            if (ownPerSecond > 0 && ms % (slots / ownPerSecond) == 0) {
                share.sent(now);
                share.observe(now, provider.spend(now, 1), LIMIT);
            }
        }
    }

    @Test
    void aloneOnTheKeyItsShareIsAll() {
        SpendShare share = new SpendShare();
        run(share, new ProviderCount(), 0, 10, 4, 0);
        assertThat(share.share()).isGreaterThan(0.95);
    }

    @Test
    void withTwoOthersSpendingAsMuchItsShareIsAThird() {
        SpendShare share = new SpendShare();
        ProviderCount provider = new ProviderCount();
        run(share, provider, 0, 10, 2, 4);
        assertThat(share.share()).isCloseTo(1 / 3.0, within(0.05));
    }

    @Test
    void aFleetStartingTogetherKnowsItsShareFromTheFirstCount() {
        SpendShare share = new SpendShare();
        ProviderCount provider = new ProviderCount();
        provider.spend(0, 2); // the other two JVMs' first requests
        share.sent(MS);
        share.observe(MS, provider.spend(MS, 1), LIMIT);
        assertThat(share.share()).isCloseTo(1 / 3.0, within(0.01));
    }

    @Test
    void ownRequestsThatReachedTheProviderFirstAreNotTakenForOthersAtTheFirstCount() {
        SpendShare share = new SpendShare();
        ProviderCount provider = new ProviderCount();
        for (int i = 1; i <= 8; i++) {
            share.sent(i * MS); // eight threads admitted at once
        }
        long count = provider.spend(10 * MS, 8); // all eight counted before the first answer
        share.observe(6 * MS, count, LIMIT); // the sixth admitted answers first
        assertThat(share.share()).as("alone").isEqualTo(1.0);
    }

    @Test
    void aKeySpentLongAgoSaysNothingOfTheOthersNow() {
        SpendShare share = new SpendShare();
        ProviderCount provider = new ProviderCount();
        provider.spend(0, 200); // an earlier run of the service, say
        share.sent(MS);
        share.observe(MS, provider.spend(MS, 1), LIMIT);
        assertThat(share.share()).as("not known yet").isEqualTo(1.0);
        run(share, provider, 1, 5, 4, 0);
        assertThat(share.share()).as("the count rises as fast as the provider refills: alone").isGreaterThan(0.9);
    }

    @Test
    void whenTheOthersStopItsShareComesBackWithinAFewSeconds() {
        SpendShare share = new SpendShare();
        ProviderCount provider = new ProviderCount();
        run(share, provider, 0, 10, 2, 4);
        run(share, provider, 10_000, 12, 4, 0);
        assertThat(share.share()).isGreaterThan(0.85);
    }

    @Test
    void aResponseOvertakenByALaterRequestsIsSkippedAndItsSendCountedInTheNextInterval() {
        SpendShare share = new SpendShare();
        ProviderCount provider = new ProviderCount();
        share.sent(0);
        share.observe(0, provider.spend(0, 1), LIMIT);
        share.sent(100 * MS);
        long first = provider.spend(100 * MS, 1);
        share.sent(200 * MS);
        long second = provider.spend(200 * MS, 1);
        share.observe(200 * MS, second, LIMIT);
        share.observe(100 * MS, first, LIMIT); // arrives late: skipped
        assertThat(share.share()).as("both sends were this JVM's").isGreaterThan(0.95);
    }

    @Test
    void aCountAtZeroIsNotUsedAndGarbageIsIgnored() {
        SpendShare share = new SpendShare();
        ProviderCount provider = new ProviderCount();
        run(share, provider, 0, 4, 2, 4);
        double before = share.share();
        share.sent(5_000 * MS);
        share.observe(5_000 * MS, 0, LIMIT);
        share.observe(5_100 * MS, -1, LIMIT);
        share.observe(5_200 * MS, 10, -1);
        assertThat(share.share()).isEqualTo(before);
    }

    @Test
    void pendingSendsAreBoundedWhenNoResponseComes() {
        SpendShare share = new SpendShare();
        for (int i = 0; i < 100_000; i++) {
            share.sent(i * MS);
        }
        share.observe(100_000 * MS, LIMIT - 1, LIMIT);
        assertThat(share.share()).isBetween(SpendShare.FLOOR, 1.0);
    }
}
