package dev.llmguard.jmx;

import dev.llmguard.core.metrics.GuardStats;
import dev.llmguard.core.metrics.QuotaStats;
import dev.llmguard.log.InternalErrors;
import java.util.function.ToLongFunction;

/** Every quota's counters added up, read live for JMX. */
final class GuardBean implements GuardMXBean {
    private final GuardStats stats;
    private final String version;
    private final String mode;

    GuardBean(GuardStats stats, String version, String mode) {
        this.stats = stats;
        this.version = version;
        this.mode = mode;
    }

    private long sum(ToLongFunction<QuotaStats> counter) {
        long total = 0;
        for (QuotaStats s : stats.all()) {
            total += counter.applyAsLong(s);
        }
        return total;
    }

    @Override public String getVersion() { return version; }
    @Override public String getMode() { return mode; }
    @Override public int getQuotas() { return stats.all().size(); }
    @Override public long getRequestsSent() { return sum(QuotaStats::requestsSent); }
    @Override public long getSuccesses() { return sum(QuotaStats::successes); }
    @Override public long getRateLimited() { return sum(QuotaStats::rateLimited); }
    @Override public long getRetries() { return sum(QuotaStats::retries); }
    @Override public long getLocalRefusals() { return sum(QuotaStats::localRefusals); }
    @Override public long getFutileErrors() { return sum(QuotaStats::futileErrors); }
    @Override public long getWaits() { return sum(QuotaStats::waits); }
    @Override public long getWaitMillisTotal() { return sum(QuotaStats::waitMillisTotal); }

    @Override
    public long getWaitMillisMax() {
        long max = 0;
        for (QuotaStats s : stats.all()) {
            max = Math.max(max, s.waitMillisMax());
        }
        return max;
    }

    @Override public long getTokensEstimated() { return sum(QuotaStats::tokensEstimated); }
    @Override public long getTokensReported() { return sum(QuotaStats::tokensReported); }
    @Override public long getInternalErrors() { return InternalErrors.total(); }
}
