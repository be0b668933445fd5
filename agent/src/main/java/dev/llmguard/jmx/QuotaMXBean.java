package dev.llmguard.jmx;

/**
 * One quota (host, API key fingerprint, model) as {@code dev.llmguard:type=Quota,host=...,model=...,key=...}.
 * Limits are -1 where there is none; each limit's source is configured, learned or none. Counters
 * run from the JVM's start; "today" is the UTC day.
 */
public interface QuotaMXBean {
    String getHost();

    String getModel();

    /** The first 12 hex digits of the API key's SHA-256: never the key. */
    String getKeyFingerprint();

    long getRequestsPerMinuteLimit();

    long getTokensPerMinuteLimit();

    long getRequestsPerDayLimit();

    long getConcurrencyLimit();

    String getRequestsPerMinuteLimitSource();

    String getTokensPerMinuteLimitSource();

    String getRequestsPerDayLimitSource();

    String getConcurrencyLimitSource();

    /** What the provider's last response said remains; -1 when it did not say. */
    long getRemainingRequests();

    long getRemainingTokens();

    /** When the provider said the requests limit resets (ISO-8601), or empty. */
    String getRequestsResetAt();

    /** The share of the limits paced at (1.0 = all of them; lower after 429s that came despite pacing). */
    double getPaceFactor();

    long getRequestsSent();

    long getSuccesses();

    long getRateLimited();

    long getRateLimitedByRequests();

    long getRateLimitedByTokens();

    long getRateLimitedOther();

    long getRetries();

    long getLocalRefusals();

    long getFutileErrors();

    long getWaits();

    long getWaitMillisTotal();

    long getWaitMillisMax();

    long getTokensEstimated();

    long getTokensReported();

    long getRequestsToday();

    long getTokensToday();

    String getDay();
}
