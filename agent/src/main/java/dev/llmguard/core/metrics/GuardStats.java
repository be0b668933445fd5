package dev.llmguard.core.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every quota's stats, by host, key fingerprint and model, and who wants to hear of a new one (the
 * JMX registration). Bounded like the quotas themselves: beyond the bound, requests share one
 * "overflow" entry, so memory stays bounded whatever the application does.
 */
public final class GuardStats {
    static final int MAX_QUOTAS = 10_000;

    /** Told once for each quota's stats, on the thread of the request that made them. */
    public interface NewQuotaListener {
        void added(QuotaStats stats);
    }

    private final ConcurrentMap<String, QuotaStats> quotas = new ConcurrentHashMap<>();
    private final List<NewQuotaListener> listeners = new CopyOnWriteArrayList<>();
    private final BudgetAlerts alerts;
    private final QuotaStats overflow;

    public GuardStats(BudgetAlerts alerts) {
        this.alerts = alerts;
        this.overflow = new QuotaStats("*", "*", "*", alerts);
    }

    public void addListener(NewQuotaListener listener) {
        listeners.add(listener);
        for (QuotaStats s : quotas.values()) {
            listener.added(s);
        }
    }

    public QuotaStats forQuota(String host, String keyFingerprint, String model) {
        String id = host + '\u0000' + keyFingerprint + '\u0000' + model;
        QuotaStats s = quotas.get(id);
        if (s != null) {
            return s;
        }
        if (quotas.size() >= MAX_QUOTAS) {
            return overflow;
        }
        QuotaStats created = new QuotaStats(host, keyFingerprint, model, alerts);
        QuotaStats raced = quotas.putIfAbsent(id, created);
        if (raced != null) {
            return raced;
        }
        for (NewQuotaListener l : listeners) {
            l.added(created);
        }
        return created;
    }

    /** A snapshot of every quota's stats. */
    public List<QuotaStats> all() {
        List<QuotaStats> all = new ArrayList<>(quotas.values());
        return Collections.unmodifiableList(all);
    }
}
