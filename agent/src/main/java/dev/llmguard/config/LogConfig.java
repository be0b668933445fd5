package dev.llmguard.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** How much and in which form the agent logs (llmguard.log.*), and the budget alerts (llmguard.alerts.*). Immutable and checked when built. */
public final class LogConfig {
    /** text: one readable line per event; json: one JSON object per line. */
    public enum Format { TEXT, JSON }

    private final GuardConfig.LogLevel level;
    private final Format format;
    private final List<Integer> budgetPercents;

    private LogConfig(Builder b) {
        this.level = ConfigChecks.notNull("llmguard.log.level", b.level);
        this.format = ConfigChecks.notNull("llmguard.log.format", b.format);
        this.budgetPercents = Collections.unmodifiableList(new ArrayList<Integer>(ConfigChecks.notNull("llmguard.alerts.budget-percent", b.budgetPercents)));
        for (Integer p : budgetPercents) {
            ConfigChecks.between("llmguard.alerts.budget-percent", 1, 100, p);
        }
    }

    public static LogConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public GuardConfig.LogLevel level() { return level; }
    public Format format() { return format; }
    /** Ascending shares of a per-day limit that get one WARN line a day each. */
    public List<Integer> budgetPercents() { return budgetPercents; }

    public static final class Builder {
        private GuardConfig.LogLevel level = GuardConfig.LogLevel.INFO;
        private Format format = Format.TEXT;
        private List<Integer> budgetPercents = Arrays.asList(70, 90);

        private Builder() {
        }

        public Builder level(GuardConfig.LogLevel v) { this.level = v; return this; }
        public Builder format(Format v) { this.format = v; return this; }
        public Builder budgetPercents(List<Integer> v) { this.budgetPercents = v; return this; }

        /** @throws IllegalArgumentException naming llmguard.log.level when it is not set */
        public LogConfig build() {
            return new LogConfig(this);
        }
    }
}
