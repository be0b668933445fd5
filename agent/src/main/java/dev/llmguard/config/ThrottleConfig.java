package dev.llmguard.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** How requests are paced below their quota's limits (llmguard.throttle.*, llmguard.limits.*). Immutable and checked when built. */
public final class ThrottleConfig {
    private final boolean enabled;
    private final long maxWaitMillis;
    private final int headroomPercent;
    private final Limits limitsDefault;
    private final Map<String, Limits> limitsHosts;
    private final Map<String, Limits> limitsModels;

    private ThrottleConfig(Builder b) {
        this.enabled = b.enabled;
        this.maxWaitMillis = ConfigChecks.notNegativeMillis("llmguard.throttle.max-wait", b.maxWaitMillis);
        // at 100 % headroom nothing would ever be let out
        this.headroomPercent = ConfigChecks.between("llmguard.throttle.headroom-percent", 0, 99, b.headroomPercent);
        this.limitsDefault = ConfigChecks.notNull("llmguard.limits.default", b.limitsDefault);
        this.limitsHosts = copy("llmguard.limits.hosts", b.limitsHosts);
        this.limitsModels = copy("llmguard.limits.models", b.limitsModels);
    }

    /** Keeps the rules' order: a later host rule overrides an earlier one. */
    private static Map<String, Limits> copy(String key, Map<String, Limits> rules) {
        ConfigChecks.notNull(key, rules);
        for (Map.Entry<String, Limits> rule : rules.entrySet()) {
            if (rule.getKey() == null || rule.getValue() == null) {
                throw new IllegalArgumentException(key + " has a rule without a name or without limits");
            }
        }
        return rules.isEmpty() ? Collections.<String, Limits>emptyMap()
                : Collections.unmodifiableMap(new LinkedHashMap<String, Limits>(rules));
    }

    public static ThrottleConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether requests are paced below their quota's limits. */
    public boolean enabled() { return enabled; }
    /** How long a request may wait for its quota before the guard refuses it locally. */
    public long maxWaitMillis() { return maxWaitMillis; }
    /** How far below the limits the guard paces, in percent. */
    public int headroomPercent() { return headroomPercent; }
    /** Limits for every quota (lower learned limits still apply). */
    public Limits limitsDefault() { return limitsDefault; }
    /** Limits per host pattern, over the defaults, in the configured order. */
    public Map<String, Limits> limitsHosts() { return limitsHosts; }
    /** Limits per model, over the host's. */
    public Map<String, Limits> limitsModels() { return limitsModels; }

    public static final class Builder {
        private boolean enabled = true;
        private long maxWaitMillis = 30_000;
        private int headroomPercent = 2;
        private Limits limitsDefault = Limits.UNLIMITED;
        private Map<String, Limits> limitsHosts = Collections.emptyMap();
        private Map<String, Limits> limitsModels = Collections.emptyMap();

        private Builder() {
        }

        public Builder enabled(boolean v) { this.enabled = v; return this; }
        public Builder maxWaitMillis(long v) { this.maxWaitMillis = v; return this; }
        public Builder headroomPercent(int v) { this.headroomPercent = v; return this; }
        public Builder limitsDefault(Limits v) { this.limitsDefault = v; return this; }
        public Builder limitsHosts(Map<String, Limits> v) { this.limitsHosts = v; return this; }
        public Builder limitsModels(Map<String, Limits> v) { this.limitsModels = v; return this; }

        /** @throws IllegalArgumentException naming the key whose value is out of range */
        public ThrottleConfig build() {
            return new ThrottleConfig(this);
        }
    }
}
