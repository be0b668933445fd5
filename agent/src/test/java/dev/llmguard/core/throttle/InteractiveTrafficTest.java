package dev.llmguard.core.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.BucketConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InteractiveTrafficTest {
    private static final QuotaKey KEY = new QuotaKey("api.openai.com", "abc", "gpt-4o-mini");
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** The fleet's side of the store, as Redis keeps it: one instant per quota. */
    private static class FleetStore implements QuotaStore {
        final List<Long> shared = new ArrayList<>();
        long until;
        int reads;

        @Override
        public PacedBucket bucket(QuotaKey key, String dimension, BucketConfiguration configuration) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void shareInteractive(QuotaKey key, long untilEpochMillis) {
            shared.add(untilEpochMillis);
            until = untilEpochMillis;
        }

        @Override
        public long sharedInteractiveUntil(QuotaKey key) {
            reads++;
            return until;
        }

        @Override
        public boolean sharesBuckets() {
            return true;
        }
    }

    @Test
    void interactiveRequestsSeenHereCountForThirtySeconds() {
        InteractiveTraffic t = new InteractiveTraffic(KEY, LocalQuotaStore.INSTANCE);
        long now = 1_000_000 * MS;
        assertThat(t.active(now)).isFalse();
        t.seen(now);
        assertThat(t.active(now + 29_000 * MS)).isTrue();
        assertThat(t.active(now + 31_000 * MS)).isFalse();
    }

    @Test
    void aJvmServingInteractiveRequestsTellsTheFleetAtMostOnceASecond() {
        FleetStore store = new FleetStore();
        InteractiveTraffic t = new InteractiveTraffic(KEY, store);
        long now = 1_000_000 * MS;
        long before = System.currentTimeMillis();
        for (int i = 0; i < 20; i++) {
            t.seen(now + i * 100 * MS); // 2 s of interactive requests, one every 100 ms
        }
        assertThat(store.shared).hasSize(2);
        assertThat(store.shared.get(0)).as("until 30 s from now").isBetween(before + 29_000, System.currentTimeMillis() + 30_000);
    }

    @Test
    void backgroundRequestsInAnotherJvmYieldWhileTheFleetSaysInteractiveOnesCome() {
        FleetStore store = new FleetStore();
        InteractiveTraffic batchJvm = new InteractiveTraffic(KEY, store);
        long now = 1_000_000 * MS;
        assertThat(batchJvm.active(now)).as("nobody said so yet").isFalse();

        new InteractiveTraffic(KEY, store).seen(now); // the web front's JVM
        assertThat(batchJvm.active(now + 10 * MS)).as("read at most every 250 ms: not read again yet").isFalse();
        assertThat(batchJvm.active(now + 260 * MS)).isTrue();
        for (int i = 0; i < 100; i++) {
            batchJvm.active(now + 260 * MS + i * MS);
        }
        assertThat(store.reads).as("one read per 250 ms, not one per request").isEqualTo(2);

        store.until = System.currentTimeMillis() - 1; // the web front went quiet 30 s ago: the key expired
        assertThat(batchJvm.active(now + 600 * MS)).isFalse();
    }

    @Test
    void aQuotaOfThisJvmAloneNeverAsksTheStore() {
        FleetStore store = new FleetStore() {
            @Override
            public boolean sharesBuckets() {
                return false;
            }
        };
        InteractiveTraffic t = new InteractiveTraffic(KEY, store);
        t.seen(1_000_000 * MS);
        t.active(2_000_000 * MS);
        assertThat(store.shared).isEmpty();
        assertThat(store.reads).isZero();
    }
}
