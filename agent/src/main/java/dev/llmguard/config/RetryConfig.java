package dev.llmguard.config;

/** How the guard retries a logical request (llmguard.retry.*). Immutable and checked when built. */
public final class RetryConfig {
    private final int maxAttempts;
    private final long baseDelayMillis;
    private final long maxDelayMillis;
    private final long maxServerWaitMillis;
    private final boolean onTimeout;
    private final int budgetPercent;
    private final int budgetMinRetries;

    private RetryConfig(Builder b) {
        this.maxAttempts = ConfigChecks.atLeast("llmguard.retry.max-attempts", 1, b.maxAttempts);
        this.baseDelayMillis = ConfigChecks.notNegativeMillis("llmguard.retry.base-delay", b.baseDelayMillis);
        this.maxDelayMillis = ConfigChecks.notNegativeMillis("llmguard.retry.max-delay", b.maxDelayMillis);
        if (maxDelayMillis < baseDelayMillis) {
            throw new IllegalArgumentException("llmguard.retry.max-delay (" + maxDelayMillis
                    + "ms) must not be less than llmguard.retry.base-delay (" + baseDelayMillis + "ms)");
        }
        this.maxServerWaitMillis = ConfigChecks.notNegativeMillis("llmguard.retry.max-server-wait", b.maxServerWaitMillis);
        this.onTimeout = b.onTimeout;
        this.budgetPercent = ConfigChecks.between("llmguard.retry.budget-percent", 0, 1000, b.budgetPercent);
        this.budgetMinRetries = ConfigChecks.between("llmguard.retry.budget-min-retries", 0, 100_000, b.budgetMinRetries);
    }

    public static RetryConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Server requests per logical request at most, the first included. */
    public int maxAttempts() { return maxAttempts; }
    /** Base of the exponential backoff between retries. */
    public long baseDelayMillis() { return baseDelayMillis; }
    /** Cap of the computed backoff (not of server-given waits). */
    public long maxDelayMillis() { return maxDelayMillis; }
    /** A server-given wait longer than this means give up now rather than sleep. */
    public long maxServerWaitMillis() { return maxServerWaitMillis; }
    /** Whether a read/connect timeout counts as a retryable connection failure. */
    public boolean onTimeout() { return onTimeout; }
    /** Retries per host at most, as a share (in percent) of the calls it was sent in the budget's window. */
    public int budgetPercent() { return budgetPercent; }
    /** Retries per host allowed in every budget window whatever the share, so a lone caller can still retry. */
    public int budgetMinRetries() { return budgetMinRetries; }

    public static final class Builder {
        private int maxAttempts = 5;
        private long baseDelayMillis = 500;
        private long maxDelayMillis = 30_000;
        private long maxServerWaitMillis = 60_000;
        private boolean onTimeout = true;
        private int budgetPercent = 20;
        private int budgetMinRetries = 10;

        private Builder() {
        }

        public Builder maxAttempts(int v) { this.maxAttempts = v; return this; }
        public Builder baseDelayMillis(long v) { this.baseDelayMillis = v; return this; }
        public Builder maxDelayMillis(long v) { this.maxDelayMillis = v; return this; }
        public Builder maxServerWaitMillis(long v) { this.maxServerWaitMillis = v; return this; }
        public Builder onTimeout(boolean v) { this.onTimeout = v; return this; }
        public Builder budgetPercent(int v) { this.budgetPercent = v; return this; }
        public Builder budgetMinRetries(int v) { this.budgetMinRetries = v; return this; }

        /** @throws IllegalArgumentException naming the llmguard.retry.* key whose value is out of range */
        public RetryConfig build() {
            return new RetryConfig(this);
        }
    }
}
