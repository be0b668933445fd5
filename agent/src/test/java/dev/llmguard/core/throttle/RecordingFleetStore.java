package dev.llmguard.core.throttle;

import io.github.bucket4j.BucketConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A fleet's store as Redis keeps it, reduced to what the tests look at: what was told, and what is read back. */
class RecordingFleetStore implements QuotaStore {
    final List<Long> sharedInteractive = new ArrayList<>();
    long interactiveUntil;
    int interactiveReads;
    final List<Map<String, Double>> sharedUse = new ArrayList<>();
    final List<Set<String>> sharedWaiting = new ArrayList<>();
    final List<String> doneWaiting = new ArrayList<>();
    /** What a read of the tenants returns; null: the store cannot tell. */
    TenantUse tenantUse;
    int tenantReads;

    @Override
    public PacedBucket bucket(QuotaKey key, String dimension, BucketConfiguration configuration) {
        return LocalQuotaStore.INSTANCE.bucket(key, dimension, configuration);
    }

    @Override
    public void shareInteractive(QuotaKey key, long untilEpochMillis) {
        sharedInteractive.add(untilEpochMillis);
        interactiveUntil = untilEpochMillis;
    }

    @Override
    public long sharedInteractiveUntil(QuotaKey key) {
        interactiveReads++;
        return interactiveUntil;
    }

    @Override
    public void shareTenantUse(QuotaKey quota, Map<String, Double> usedSinceLast, Set<String> waitingNow) {
        sharedUse.add(usedSinceLast);
        sharedWaiting.add(waitingNow);
    }

    @Override
    public void tenantDoneWaiting(QuotaKey quota, String tenant) {
        doneWaiting.add(tenant);
    }

    @Override
    public TenantUse fleetTenantUse(QuotaKey quota) {
        tenantReads++;
        return tenantUse;
    }

    @Override
    public boolean sharesBuckets() {
        return true;
    }
}
