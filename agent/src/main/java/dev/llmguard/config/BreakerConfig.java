package dev.llmguard.config;

/** When the guard stops sending to a host and model that keeps failing (llmguard.breaker.*). Immutable and checked when built. */
public final class BreakerConfig {
    private final int failureThreshold;
    private final long cooldownMillis;

    private BreakerConfig(Builder b) {
        this.failureThreshold = ConfigChecks.between("llmguard.breaker.failure-threshold", 0, 10_000, b.failureThreshold);
        this.cooldownMillis = ConfigChecks.notNegativeMillis("llmguard.breaker.cooldown", b.cooldownMillis);
    }

    public static BreakerConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Failed calls in a row that open the circuit; 0: never. */
    public int failureThreshold() { return failureThreshold; }
    public boolean enabled() { return failureThreshold > 0; }
    /** How long an open circuit answers locally before a probe goes through. */
    public long cooldownMillis() { return cooldownMillis; }

    public static final class Builder {
        private int failureThreshold = 5;
        private long cooldownMillis = 10_000;

        private Builder() {
        }

        public Builder failureThreshold(int v) { this.failureThreshold = v; return this; }
        public Builder cooldownMillis(long v) { this.cooldownMillis = v; return this; }

        /** @throws IllegalArgumentException naming the llmguard.breaker.* key whose value is out of range */
        public BreakerConfig build() {
            return new BreakerConfig(this);
        }
    }
}
