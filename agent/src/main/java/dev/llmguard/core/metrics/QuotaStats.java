package dev.llmguard.core.metrics;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the guard did for one quota (host, API key fingerprint, model) since the JVM started, and
 * what the provider last said of it: the numbers behind the JMX MBeans and the status command.
 * Counters only; every update is a few atomic adds, never a lock on the request's way.
 */
public final class QuotaStats {
    /** What limits and pacing look like now, read from the quota when the stats are read (null without throttling). */
    public interface LiveQuota {
        /** requests/min, tokens/min, requests/day, concurrency: -1 where there is none. */
        long[] limits();

        /** For each of those: "configured", "learned" or "none". */
        String[] limitSources();

        double paceFactor();
    }

    private final String host;
    private final String keyFingerprint;
    private final String model;
    private volatile LiveQuota live;

    final AtomicLong requestsSent = new AtomicLong();
    final AtomicLong successes = new AtomicLong();
    final AtomicLong rateLimitedRequests = new AtomicLong();
    final AtomicLong rateLimitedTokens = new AtomicLong();
    final AtomicLong rateLimitedOther = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong localRefusals = new AtomicLong();
    final AtomicLong futileErrors = new AtomicLong();
    final AtomicLong waits = new AtomicLong();
    final AtomicLong waitMillisTotal = new AtomicLong();
    final AtomicLong waitMillisMax = new AtomicLong();
    final AtomicLong tokensEstimated = new AtomicLong();
    final AtomicLong tokensReported = new AtomicLong();
    private final AtomicLong remainingRequests = new AtomicLong(-1);
    private final AtomicLong remainingTokens = new AtomicLong(-1);
    private final AtomicLong resetEpochMillis = new AtomicLong(-1);
    private final DailyUse today;

    QuotaStats(String host, String keyFingerprint, String model, BudgetAlerts alerts) {
        this.host = host;
        this.keyFingerprint = keyFingerprint;
        this.model = model;
        this.today = new DailyUse(alerts, this);
    }

    public void attach(LiveQuota quota) {
        this.live = quota;
    }

    public String host() { return host; }
    public String keyFingerprint() { return keyFingerprint; }
    public String model() { return model; }
    public LiveQuota live() { return live; }

    /**
     * The attempt reached the server {@code sends} times.
     *
     * @param requestsPerDayLimit the quota's, for the budget alerts; -1 when there is none
     */
    public void sent(int sends, long requestsPerDayLimit) {
        requestsSent.addAndGet(sends);
        today.requests(sends, requestsPerDayLimit);
    }

    /** The provider's answer: which limit a 429 named (requests, tokens or another), and the tokens it used. */
    public void answered(boolean success, boolean rateLimited, String limitType, long usedTokens) {
        if (success) {
            successes.incrementAndGet();
        }
        if (rateLimited) {
            if ("requests".equals(limitType)) {
                rateLimitedRequests.incrementAndGet();
            } else if (limitType != null && limitType.endsWith("tokens")) {
                rateLimitedTokens.incrementAndGet();
            } else {
                rateLimitedOther.incrementAndGet();
            }
        }
        tokensReported(usedTokens);
    }

    /** Tokens a response reported it used, when it is told apart from the answer (a stream's, at its end). */
    public void tokensReported(long usedTokens) {
        if (usedTokens > 0) {
            tokensReported.addAndGet(usedTokens);
            today.tokens(usedTokens);
        }
    }

    /** What the response's headers said remains (-1: not said), and when the requests limit resets. */
    public void remaining(long requests, long tokens, long requestsResetEpochMillis) {
        if (requests >= 0) {
            remainingRequests.set(requests);
        }
        if (tokens >= 0) {
            remainingTokens.set(tokens);
        }
        if (requestsResetEpochMillis > 0) {
            resetEpochMillis.set(requestsResetEpochMillis);
        }
    }

    /** A request was estimated at this many tokens before it went out. */
    public void estimated(long tokens) {
        tokensEstimated.addAndGet(tokens);
    }

    public void retried() {
        retries.incrementAndGet();
    }

    public void refused() {
        localRefusals.incrementAndGet();
    }

    public void futile() {
        futileErrors.incrementAndGet();
    }

    /** A wait before an attempt: for the quota, or between attempts. */
    public void waited(long millis) {
        if (millis <= 0) {
            return;
        }
        waits.incrementAndGet();
        waitMillisTotal.addAndGet(millis);
        for (long max = waitMillisMax.get(); millis > max && !waitMillisMax.compareAndSet(max, millis); max = waitMillisMax.get()) {
            // another thread raised it meanwhile: compare again
        }
    }

    public long requestsSent() { return requestsSent.get(); }
    public long successes() { return successes.get(); }
    public long rateLimited() { return rateLimitedRequests.get() + rateLimitedTokens.get() + rateLimitedOther.get(); }
    public long rateLimitedByRequests() { return rateLimitedRequests.get(); }
    public long rateLimitedByTokens() { return rateLimitedTokens.get(); }
    public long rateLimitedOther() { return rateLimitedOther.get(); }
    public long retries() { return retries.get(); }
    public long localRefusals() { return localRefusals.get(); }
    public long futileErrors() { return futileErrors.get(); }
    public long waits() { return waits.get(); }
    public long waitMillisTotal() { return waitMillisTotal.get(); }
    public long waitMillisMax() { return waitMillisMax.get(); }
    public long tokensEstimated() { return tokensEstimated.get(); }
    public long tokensReported() { return tokensReported.get(); }
    public long remainingRequests() { return remainingRequests.get(); }
    public long remainingTokens() { return remainingTokens.get(); }
    /** When the provider said the requests limit resets (epoch millis), or -1. */
    public long resetEpochMillis() { return resetEpochMillis.get(); }
    public DailyUse today() { return today; }

    /** Log-safe: the fingerprint is a hash, never the key. */
    @Override
    public String toString() {
        return host + ", api key sha256:" + keyFingerprint + ", model " + model;
    }
}
