package dev.llmguard.core.guard;

import dev.llmguard.config.Limits;
import dev.llmguard.core.metrics.QuotaStats;
import dev.llmguard.core.throttle.Quota;

/** A quota's limits and pace as its stats show them, with where each limit came from. */
final class LiveQuotaView implements QuotaStats.LiveQuota {
    private final Quota quota;

    LiveQuotaView(Quota quota) {
        this.quota = quota;
    }

    @Override
    public long[] limits() {
        return items(quota.limits());
    }

    @Override
    public String[] limitSources() {
        long[] effective = items(quota.limits());
        long[] configured = items(quota.configuredLimits());
        String[] sources = new String[effective.length];
        for (int i = 0; i < effective.length; i++) {
            if (effective[i] == Limits.NONE) {
                sources[i] = "none";
            } else {
                sources[i] = effective[i] == configured[i] ? "configured" : "learned";
            }
        }
        return sources;
    }

    private static long[] items(Limits l) {
        return new long[] {l.requestsPerMinute(), l.tokensPerMinute(), l.requestsPerDay(), l.maxConcurrent()};
    }

    @Override
    public double paceFactor() {
        return quota.paceFactor();
    }
}
