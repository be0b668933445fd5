package dev.llmguard.core.throttle;

import dev.llmguard.config.Limits;
import dev.llmguard.config.TenantConfig;
import dev.llmguard.config.ThrottleConfig;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Every quota the guard has seen, by identity. Quotas live as long as the agent. */
public final class Throttle {
    /** Beyond this many quotas (keys x models), new ones are not paced: bounds memory whatever the app does. */
    static final int MAX_QUOTAS = 10_000;

    private final ConcurrentMap<QuotaKey, Quota> quotas = new ConcurrentHashMap<>();
    private final ConfiguredLimits configured;
    private final ThrottleConfig config;
    private final QuotaListener listener;
    private final QuotaStore store;
    /** The limits each tenant is held to when quotas are split by tenant, else null. */
    private final Limits tenantLimits;

    public Throttle(ThrottleConfig config, QuotaListener listener, QuotaStore store) {
        this(config, TenantConfig.defaults(), listener, store);
    }

    public Throttle(ThrottleConfig config, TenantConfig tenants, QuotaListener listener, QuotaStore store) {
        this.config = config;
        this.tenantLimits = tenants.enabled() ? tenants.limits() : null;
        this.configured = new ConfiguredLimits(config);
        this.listener = listener;
        this.store = store;
    }

    /** The quota for the key, or null when there are too many quotas to track. */
    public Quota quotaFor(QuotaKey key) {
        Quota quota = quotas.get(key);
        if (quota != null) {
            return quota;
        }
        if (quotas.size() >= MAX_QUOTAS) {
            return null;
        }
        return quotas.computeIfAbsent(key, k -> new Quota(k, configured.forKey(k), config, listener, store, tenantLimits));
    }

    public int size() {
        return quotas.size();
    }
}
