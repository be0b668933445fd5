package dev.llmguard.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The last step of a load: each key's chosen value applied to a {@link GuardConfig.Builder}, and each
 * value passed over reported with the value used instead, so one line tells the user both what was
 * wrong and what the agent does about it.
 */
final class EffectiveConfig {

    private EffectiveConfig() {
    }

    /** @param problems found so far; the per-key ones are added after them, in registry order */
    static LoadedConfig of(List<ConfigKey<?>> keys, Map<String, KeyResolution<?>> resolutions, List<String> problems) {
        GuardConfig.Builder builder = GuardConfig.builder();
        List<LoadedConfig.Entry> entries = new ArrayList<LoadedConfig.Entry>();
        for (ConfigKey<?> k : keys) {
            entries.add(applyAndReport(resolutions.get(k.name()), builder, problems));
        }
        return new LoadedConfig(builder.build(), problems, entries);
    }

    private static <T> LoadedConfig.Entry applyAndReport(KeyResolution<T> r, GuardConfig.Builder builder,
                                                         List<String> problems) {
        ConfigKey<T> key = r.key;
        Candidate<T> chosen = r.chosen();
        if (chosen.source != ConfigSource.DEFAULT) {
            key.apply(builder, chosen.value);
        }
        String using = key.display(chosen.value)
                + (chosen.source == ConfigSource.DEFAULT ? "" : " from " + chosen.source.labelFor(key));
        for (Candidate<T> c : r.candidates) {
            if (c.rejection != null) {
                // redacted before it is cut: a cut could otherwise leave part of a secret unmasked
                problems.add("llm-guard: ignoring " + c.source.nameFor(key) + "=" + ShownText.of(key.redact(c.raw))
                        + " from " + c.source.label() + ": " + c.rejection + "; using " + using);
            }
        }
        return new LoadedConfig.Entry(key, key.display(chosen.value), chosen.source);
    }

    /** Every key at its default: what a load that failed altogether falls back to. */
    static LoadedConfig defaults(List<ConfigKey<?>> keys, List<String> problems) {
        GuardConfig defaults = GuardConfig.defaults();
        List<LoadedConfig.Entry> entries = new ArrayList<LoadedConfig.Entry>();
        for (ConfigKey<?> k : keys) {
            entries.add(new LoadedConfig.Entry(k, k.valueText(defaults), ConfigSource.DEFAULT));
        }
        return new LoadedConfig(defaults, problems, entries);
    }
}
