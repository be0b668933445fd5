package dev.llmguard.config;

/** Where a fleet shares its quotas (llmguard.redis.*). Immutable and checked when built. */
public final class RedisConfig {
    private final String url;
    private final String prefix;
    private final long timeoutMillis;
    private final long retryIntervalMillis;

    private RedisConfig(Builder b) {
        this.url = b.url;
        String p = ConfigChecks.notNull("llmguard.redis.prefix", b.prefix);
        if (p.isEmpty()) {
            throw new IllegalArgumentException("llmguard.redis.prefix must not be empty");
        }
        this.prefix = p;
        this.timeoutMillis = ConfigChecks.notNegativeMillis("llmguard.redis.timeout", b.timeoutMillis);
        this.retryIntervalMillis = ConfigChecks.notNegativeMillis("llmguard.redis.retry-interval", b.retryIntervalMillis);
    }

    public static RedisConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Redis URL (redis:// or rediss://) whose buckets the fleet shares; null: this JVM only. */
    public String url() { return url; }
    /** Prefix of every Redis key the agent writes. */
    public String prefix() { return prefix; }
    /** Timeout of each Redis call. */
    public long timeoutMillis() { return timeoutMillis; }
    /** How long after a Redis failure the guard tries Redis again. */
    public long retryIntervalMillis() { return retryIntervalMillis; }

    public static final class Builder {
        private String url = null;
        private String prefix = "llmguard";
        private long timeoutMillis = 250;
        private long retryIntervalMillis = 500;

        private Builder() {
        }

        public Builder url(String v) { this.url = v; return this; }
        public Builder prefix(String v) { this.prefix = v; return this; }
        public Builder timeoutMillis(long v) { this.timeoutMillis = v; return this; }
        public Builder retryIntervalMillis(long v) { this.retryIntervalMillis = v; return this; }

        /** @throws IllegalArgumentException naming the llmguard.redis.* key whose value is out of range */
        public RedisConfig build() {
            return new RedisConfig(this);
        }
    }
}
