package dev.llmguard.core.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InteractiveTrafficTest {
    private static final QuotaKey KEY = new QuotaKey("api.openai.com", "abc", "gpt-4o-mini");
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

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
        RecordingFleetStore store = new RecordingFleetStore();
        InteractiveTraffic t = new InteractiveTraffic(KEY, store);
        long now = 1_000_000 * MS;
        long before = System.currentTimeMillis();
        for (int i = 0; i < 20; i++) {
            t.seen(now + i * 100 * MS); // 2 s of interactive requests, one every 100 ms
        }
        assertThat(store.sharedInteractive).hasSize(2);
        assertThat(store.sharedInteractive.get(0)).as("until 30 s from now").isBetween(before + 29_000, System.currentTimeMillis() + 30_000);
    }

    @Test
    void backgroundRequestsInAnotherJvmYieldWhileTheFleetSaysInteractiveOnesCome() {
        RecordingFleetStore store = new RecordingFleetStore();
        InteractiveTraffic batchJvm = new InteractiveTraffic(KEY, store);
        long now = 1_000_000 * MS;
        assertThat(batchJvm.active(now)).as("nobody said so yet").isFalse();

        new InteractiveTraffic(KEY, store).seen(now); // the web front's JVM
        assertThat(batchJvm.active(now + 10 * MS)).as("read at most every 250 ms: not read again yet").isFalse();
        assertThat(batchJvm.active(now + 260 * MS)).isTrue();
        for (int i = 0; i < 100; i++) {
            batchJvm.active(now + 260 * MS + i * MS);
        }
        assertThat(store.interactiveReads).as("one read per 250 ms, not one per request").isEqualTo(2);

        store.interactiveUntil = System.currentTimeMillis() - 1; // the web front went quiet 30 s ago: the key expired
        assertThat(batchJvm.active(now + 600 * MS)).isFalse();
    }

    @Test
    void aQuotaOfThisJvmAloneNeverAsksTheStore() {
        RecordingFleetStore store = new RecordingFleetStore() {
            @Override
            public boolean sharesBuckets() {
                return false;
            }
        };
        InteractiveTraffic t = new InteractiveTraffic(KEY, store);
        t.seen(1_000_000 * MS);
        t.active(2_000_000 * MS);
        assertThat(store.sharedInteractive).isEmpty();
        assertThat(store.interactiveReads).isZero();
    }
}
