package dev.llmguard.jmx;

import dev.llmguard.core.metrics.QuotaStats;
import java.time.Instant;

/** A quota's stats read live for JMX. */
final class QuotaBean implements QuotaMXBean {
    private static final long[] NO_LIMITS = {-1, -1, -1, -1};
    private static final String[] NO_SOURCES = {"none", "none", "none", "none"};

    private final QuotaStats stats;

    QuotaBean(QuotaStats stats) {
        this.stats = stats;
    }

    private long limit(int i) {
        QuotaStats.LiveQuota live = stats.live();
        return (live == null ? NO_LIMITS : live.limits())[i];
    }

    private String source(int i) {
        QuotaStats.LiveQuota live = stats.live();
        return (live == null ? NO_SOURCES : live.limitSources())[i];
    }

    @Override public String getHost() { return stats.host(); }
    @Override public String getModel() { return stats.model(); }
    @Override public String getKeyFingerprint() { return stats.keyFingerprint(); }
    @Override public long getRequestsPerMinuteLimit() { return limit(0); }
    @Override public long getTokensPerMinuteLimit() { return limit(1); }
    @Override public long getRequestsPerDayLimit() { return limit(2); }
    @Override public long getConcurrencyLimit() { return limit(3); }
    @Override public String getRequestsPerMinuteLimitSource() { return source(0); }
    @Override public String getTokensPerMinuteLimitSource() { return source(1); }
    @Override public String getRequestsPerDayLimitSource() { return source(2); }
    @Override public String getConcurrencyLimitSource() { return source(3); }
    @Override public long getRemainingRequests() { return stats.remainingRequests(); }
    @Override public long getRemainingTokens() { return stats.remainingTokens(); }

    @Override
    public String getRequestsResetAt() {
        long at = stats.resetEpochMillis();
        return at > 0 ? Instant.ofEpochMilli(at).toString() : "";
    }

    @Override
    public double getPaceFactor() {
        QuotaStats.LiveQuota live = stats.live();
        return live == null ? 1.0 : live.paceFactor();
    }

    @Override public long getRequestsSent() { return stats.requestsSent(); }
    @Override public long getSuccesses() { return stats.successes(); }
    @Override public long getRateLimited() { return stats.rateLimited(); }
    @Override public long getRateLimitedByRequests() { return stats.rateLimitedByRequests(); }
    @Override public long getRateLimitedByTokens() { return stats.rateLimitedByTokens(); }
    @Override public long getRateLimitedOther() { return stats.rateLimitedOther(); }
    @Override public long getRetries() { return stats.retries(); }
    @Override public long getLocalRefusals() { return stats.localRefusals(); }
    @Override public long getFutileErrors() { return stats.futileErrors(); }
    @Override public long getWaits() { return stats.waits(); }
    @Override public long getWaitMillisTotal() { return stats.waitMillisTotal(); }
    @Override public long getWaitMillisMax() { return stats.waitMillisMax(); }
    @Override public long getTokensEstimated() { return stats.tokensEstimated(); }
    @Override public long getTokensReported() { return stats.tokensReported(); }
    @Override public long getRequestsToday() { return stats.today().requests(); }
    @Override public long getTokensToday() { return stats.today().tokens(); }
    @Override public String getDay() { return stats.today().day(); }
}
