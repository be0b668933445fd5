package dev.llmguard.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The result of {@link ConfigLoader#load}: the effective config, the problems found on the way (one
 * line each, to be logged once), and where each effective value came from.
 */
public final class LoadedConfig {

    /** One key's effective value, already as masked text, and its source. */
    static final class Entry {
        final ConfigKey<?> key;
        final String shownValue;
        final ConfigSource source;

        Entry(ConfigKey<?> key, String shownValue, ConfigSource source) {
            this.key = key;
            this.shownValue = shownValue;
            this.source = source;
        }
    }

    private final GuardConfig config;
    private final List<String> problems;
    private final List<Entry> entries;

    LoadedConfig(GuardConfig config, List<String> problems, List<Entry> entries) {
        this.config = config;
        this.problems = Collections.unmodifiableList(new ArrayList<String>(problems));
        this.entries = Collections.unmodifiableList(new ArrayList<Entry>(entries));
    }

    public GuardConfig config() {
        return config;
    }

    /** Messages in the order found, each starting with "llm-guard: "; empty when all is well. */
    public List<String> problems() {
        return problems;
    }

    /** Where the effective value of the key named {@code keyName} came from; null for an unknown key. */
    public ConfigSource sourceOf(String keyName) {
        for (Entry e : entries) {
            if (e.key.name().equals(keyName)) {
                return e.source;
            }
        }
        return null;
    }

    public ConfigSource sourceOf(ConfigKey<?> key) {
        return sourceOf(key.name());
    }

    /**
     * One line per key, {@code llmguard.retry.max-attempts = 3 (system property)}, for a debug dump.
     * Values of secret keys are masked; only masked text is ever stored here.
     */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            sb.append(e.key.name()).append(" = ").append(e.shownValue)
                    .append(" (").append(e.source.labelFor(e.key)).append(")\n");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
