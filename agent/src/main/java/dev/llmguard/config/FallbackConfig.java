package dev.llmguard.config;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Which models a call may fall back to when its own cannot serve it soon (llmguard.fallback.*). Immutable. */
public final class FallbackConfig {
    private final Map<String, List<String>> models;

    private FallbackConfig(Builder b) {
        this.models = b.models;
    }

    public static FallbackConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** MODEL to its fallbacks, in the order they are tried; empty when fallback is off (the default). */
    public Map<String, List<String>> models() { return models; }

    public boolean enabled() { return !models.isEmpty(); }

    /** The fallbacks configured for {@code model}, in order; empty when it has none. */
    public List<String> fallbacksFor(String model) {
        List<String> list = model == null ? null : models.get(model);
        return list == null ? Collections.<String>emptyList() : list;
    }

    public static final class Builder {
        private Map<String, List<String>> models = Collections.emptyMap();

        private Builder() {
        }

        public Builder models(Map<String, List<String>> v) { this.models = v; return this; }

        public FallbackConfig build() {
            return new FallbackConfig(this);
        }
    }
}
