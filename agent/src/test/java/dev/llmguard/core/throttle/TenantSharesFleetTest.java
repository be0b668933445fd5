package dev.llmguard.core.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.config.Limits;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Fair shares between tenants whose requests come through different JVMs of a fleet. */
class TenantSharesFleetTest {
    private static final QuotaKey KEY = new QuotaKey("api.openai.com", "abc", "gpt-4o-mini");
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final RecordingFleetStore store = new RecordingFleetStore();
    private final TenantShares shares = new TenantShares(KEY, store, Limits.UNLIMITED, 0.98);

    private static TenantUse use(Map<String, Double> used, Set<String> waiting) {
        return new TenantUse(used, waiting);
    }

    @Test
    void grantsAreToldInBatchesAtMostEveryQuarterSecond() {
        TenantShares.Tenant batch = shares.tenant("batch");
        long now = 1_000_000 * MS;
        shares.waiting(batch);
        for (int i = 0; i < 10; i++) {
            shares.used(batch, 1, now + i * MS);
        }
        shares.overShare(batch, now + 10 * MS);
        shares.used(batch, 1, now + 20 * MS);
        shares.overShare(batch, now + 100 * MS); // too soon: no exchange
        shares.overShare(batch, now + 300 * MS);

        assertThat(store.sharedUse).hasSize(2);
        assertThat(store.sharedUse.get(0)).containsEntry("batch", 10.0);
        assertThat(store.sharedUse.get(1)).as("only what was granted since").containsEntry("batch", 1.0);
        assertThat(store.sharedWaiting.get(0)).containsExactly("batch");
        assertThat(store.tenantReads).isEqualTo(2);
    }

    @Test
    void aTenantFloodingThroughThisJvmYieldsWhileAnotherJvmsTenantWaits() {
        TenantShares.Tenant batch = shares.tenant("batch");
        shares.waiting(batch);
        long now = 1_000_000 * MS;
        Map<String, Double> used = new HashMap<>();
        used.put("batch", 90.0);
        used.put("web", 10.0);
        store.tenantUse = use(used, Set.of("batch", "web")); // web waits in another JVM

        assertThat(shares.overShare(batch, now)).as("90% of the use while two tenants wait").isTrue();

        TenantShares.Tenant web = shares.tenant("web");
        shares.waiting(web);
        assertThat(shares.overShare(web, now + 1 * MS)).as("the trickling tenant goes first").isFalse();
    }

    @Test
    void aTenantToldToWaitIsToldToHaveStoppedOnceItsLastRequestHereStopsWaiting() {
        TenantShares.Tenant web = shares.tenant("web");
        TenantShares.Tenant other = shares.tenant("other");
        shares.waiting(web);
        shares.waiting(web);
        shares.overShare(web, 1_000_000 * MS); // the exchange tells the fleet: web waits
        shares.doneWaiting(web);
        assertThat(store.doneWaiting).as("one of its requests still waits").isEmpty();
        shares.doneWaiting(web);
        assertThat(store.doneWaiting).containsExactly("web");

        shares.waiting(other);
        shares.doneWaiting(other);
        assertThat(store.doneWaiting).as("never said to wait: nothing to take back").containsExactly("web");
    }

    @Test
    void aTenantAloneInTheFleetIsNeverHeldBack() {
        TenantShares.Tenant batch = shares.tenant("batch");
        shares.waiting(batch);
        store.tenantUse = use(Map.of("batch", 90.0, "web", 10.0), Set.of("batch")); // web's JVM has nothing waiting
        assertThat(shares.overShare(batch, 1_000_000 * MS)).isFalse();
    }

    @Test
    void whileTheStoreCannotTellThisJvmsOwnUseDecides() {
        // the store's tenantUse stays null: Redis away
        TenantShares.Tenant batch = shares.tenant("batch");
        TenantShares.Tenant web = shares.tenant("web");
        long now = 1_000_000 * MS;
        shares.waiting(batch);
        shares.waiting(web);
        for (int i = 0; i < 9; i++) {
            shares.used(batch, 1, now);
        }
        shares.used(web, 1, now);
        assertThat(shares.overShare(batch, now)).isTrue();
        assertThat(shares.overShare(web, now)).isFalse();
    }
}
