package dev.llmguard.config;

/** How much the agent logs (llmguard.log.*). Immutable and checked when built. */
public final class LogConfig {
    private final GuardConfig.LogLevel level;

    private LogConfig(Builder b) {
        this.level = ConfigChecks.notNull("llmguard.log.level", b.level);
    }

    public static LogConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public GuardConfig.LogLevel level() { return level; }

    public static final class Builder {
        private GuardConfig.LogLevel level = GuardConfig.LogLevel.INFO;

        private Builder() {
        }

        public Builder level(GuardConfig.LogLevel v) { this.level = v; return this; }

        /** @throws IllegalArgumentException naming llmguard.log.level when it is not set */
        public LogConfig build() {
            return new LogConfig(this);
        }
    }
}
