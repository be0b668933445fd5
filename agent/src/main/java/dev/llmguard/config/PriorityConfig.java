package dev.llmguard.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which requests are interactive (a person waits for them: they go first and fail fast) and which are
 * background (they use what is left), llmguard.priority.*. Immutable and checked when built.
 */
public final class PriorityConfig {
    /** A request's priority. */
    public enum Priority { INTERACTIVE, BACKGROUND }

    private final Priority defaultPriority;
    private final List<String> interactiveThreads;
    private final long interactiveMaxWaitMillis;

    private PriorityConfig(Builder b) {
        this.defaultPriority = ConfigChecks.notNull("llmguard.priority.default", b.defaultPriority);
        this.interactiveThreads = Collections.unmodifiableList(new ArrayList<String>(
                ConfigChecks.notNull("llmguard.priority.interactive-threads", b.interactiveThreads)));
        this.interactiveMaxWaitMillis = ConfigChecks.notNegativeMillis("llmguard.priority.interactive-max-wait", b.interactiveMaxWaitMillis);
    }

    public static PriorityConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The priority of a request that neither names one nor runs on an interactive thread. */
    public Priority defaultPriority() { return defaultPriority; }
    /** Thread-name patterns ({@code *} matches any run of characters) whose requests are interactive. */
    public List<String> interactiveThreads() { return interactiveThreads; }
    /** The longest an interactive request waits, for its quota and between its attempts together. */
    public long interactiveMaxWaitMillis() { return interactiveMaxWaitMillis; }

    public static final class Builder {
        private Priority defaultPriority = Priority.BACKGROUND;
        private List<String> interactiveThreads = Collections.emptyList();
        private long interactiveMaxWaitMillis = 5_000;

        private Builder() {
        }

        public Builder defaultPriority(Priority v) { this.defaultPriority = v; return this; }
        public Builder interactiveThreads(List<String> v) { this.interactiveThreads = v; return this; }
        public Builder interactiveMaxWaitMillis(long v) { this.interactiveMaxWaitMillis = v; return this; }

        /** @throws IllegalArgumentException naming the key whose value is out of range */
        public PriorityConfig build() {
            return new PriorityConfig(this);
        }
    }
}
