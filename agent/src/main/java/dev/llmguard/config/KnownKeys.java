package dev.llmguard.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys one load accepts, found by the name each source writes them with (the full name, or the
 * variable name in the environment); names it does not know become a problem with a suggestion.
 */
final class KnownKeys {
    private final List<ConfigKey<?>> keys;
    private final Map<String, ConfigKey<?>> byName = new HashMap<String, ConfigKey<?>>();
    private final Map<String, ConfigKey<?>> byEnvName = new HashMap<String, ConfigKey<?>>();

    KnownKeys(List<ConfigKey<?>> keys) {
        this.keys = keys;
        for (ConfigKey<?> k : keys) {
            byName.put(k.name(), k);
            byEnvName.put(k.envName(), k);
        }
    }

    /** In registry order: the order values are applied and per-key problems reported in. */
    List<ConfigKey<?>> all() {
        return keys;
    }

    /** The key with this full name ("llmguard.retry.max-attempts"), or null. */
    ConfigKey<?> named(String name) {
        return byName.get(name);
    }

    boolean hasName(String name) {
        return byName.containsKey(name);
    }

    boolean hasEnvName(String envName) {
        return byEnvName.containsKey(envName);
    }

    /**
     * The problem for an unknown key, suggesting the closest known one written like the user wrote
     * theirs (without the prefix when {@code withoutPrefix}). The value is never shown: it may be a secret.
     */
    String unknown(String name, ConfigSource source, boolean withoutPrefix) {
        return problem(name, source, suggestFor(name, withoutPrefix));
    }

    /** The problem for an unknown LLMGUARD_* variable, suggesting the closest known variable. */
    String unknownEnv(String name) {
        return problem(name, ConfigSource.ENVIRONMENT, suggestEnv(name));
    }

    private static String problem(String name, ConfigSource source, String suggestion) {
        return "llm-guard: unknown key " + ShownText.of(name) + " (" + source.label() + ")"
                + (suggestion == null ? "" : "; did you mean " + suggestion + "?");
    }

    private String suggestFor(String name, boolean withoutPrefix) {
        String typed = name.startsWith(ConfigKeys.PREFIX) ? name.substring(ConfigKeys.PREFIX.length()) : name;
        List<String> known = new ArrayList<String>();
        for (ConfigKey<?> k : keys) {
            known.add(k.shortName());
        }
        int i = NameSuggestion.closest(typed, known, '.');
        if (i < 0) {
            return null;
        }
        ConfigKey<?> k = keys.get(i);
        return withoutPrefix ? k.shortName() : k.name();
    }

    private String suggestEnv(String name) {
        String typed = name.substring(ConfigKeys.ENV_PREFIX.length());
        List<String> known = new ArrayList<String>();
        for (ConfigKey<?> k : keys) {
            known.add(k.envName().substring(ConfigKeys.ENV_PREFIX.length()));
        }
        int i = NameSuggestion.closest(typed, known, '_');
        return i < 0 ? null : keys.get(i).envName();
    }
}
