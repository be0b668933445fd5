package dev.llmguard.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the agent's settings. Sources, first wins per key: agent arguments, system properties
 * {@code llmguard.*}, environment variables {@code LLMGUARD_*}, the properties file named by
 * {@code llmguard.config-file}, then the defaults. Invalid values, unknown keys and an unreadable file
 * become messages in {@link LoadedConfig#problems()}; nothing throws.
 *
 * <p>Each source is read by its own class ({@link AgentArguments}, {@link SystemProperties},
 * {@link EnvironmentVariables}, {@link ConfigFile}) into {@link RawValues}; each key's value is then
 * chosen by {@link KeyResolution}, checked against the {@link ConfigConstraint}s and applied by
 * {@link EffectiveConfig}.
 */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /** Loads from the real system properties and environment. */
    public static LoadedConfig loadFromSystem(String agentArgs) {
        List<String> problems = new ArrayList<String>();
        Map<String, String> sys = SystemProperties.current(problems);
        Map<String, String> env = EnvironmentVariables.current(problems);
        LoadedConfig loaded = load(agentArgs, sys, env);
        if (problems.isEmpty()) {
            return loaded;
        }
        problems.addAll(loaded.problems());
        List<LoadedConfig.Entry> entries = new ArrayList<LoadedConfig.Entry>();
        for (ConfigKey<?> k : ConfigKeys.all()) {
            entries.add(new LoadedConfig.Entry(k, k.valueText(loaded.config()), loaded.sourceOf(k)));
        }
        return new LoadedConfig(loaded.config(), problems, entries);
    }

    /**
     * Loads from the given sources without touching the real environment (except to read the config
     * file, when one is named). Null arguments count as empty.
     */
    public static LoadedConfig load(String agentArgs, Map<String, String> systemProperties,
                                    Map<String, String> environment) {
        return load(ConfigKeys.all(), ConfigKeys.constraints(), agentArgs, systemProperties, environment);
    }

    static LoadedConfig load(List<ConfigKey<?>> keys, List<ConfigConstraint<?>> constraints, String agentArgs,
                             Map<String, String> systemProperties, Map<String, String> environment) {
        try {
            return run(keys, constraints, agentArgs,
                    systemProperties == null ? Collections.<String, String>emptyMap() : systemProperties,
                    environment == null ? Collections.<String, String>emptyMap() : environment);
        } catch (RuntimeException e) {
            // a broken source (a map that throws, say) must not stop the host application from starting
            return EffectiveConfig.defaults(keys, Collections.singletonList(
                    "llm-guard: could not read the configuration (" + e.getClass().getName() + "); using the defaults"));
        }
    }

    private static LoadedConfig run(List<ConfigKey<?>> keys, List<ConfigConstraint<?>> constraints, String agentArgs,
                                    Map<String, String> sys, Map<String, String> env) {
        KnownKeys known = new KnownKeys(keys);
        RawValues raws = new RawValues();
        List<String> problems = new ArrayList<String>();
        GuardConfig defaults = GuardConfig.defaults();
        Map<String, KeyResolution<?>> resolutions = new HashMap<String, KeyResolution<?>>();

        AgentArguments.read(agentArgs, known, raws, problems);
        SystemProperties.read(sys, known, raws, problems);
        EnvironmentVariables.read(env, known, raws, problems);
        readConfigFile(known, raws, resolutions, defaults, problems);

        for (ConfigKey<?> k : keys) {
            if (!resolutions.containsKey(k.name())) {
                resolutions.put(k.name(), KeyResolution.of(k, raws, defaults));
            }
        }
        for (ConfigConstraint<?> c : constraints) {
            c.enforce(resolutions);
        }
        return EffectiveConfig.of(keys, resolutions, problems);
    }

    /**
     * The file's path is itself a setting, so it is chosen from the sources before the file; that choice
     * is final (the file cannot name another file).
     */
    @SuppressWarnings("unchecked")
    private static void readConfigFile(KnownKeys known, RawValues raws, Map<String, KeyResolution<?>> resolutions,
                                       GuardConfig defaults, List<String> problems) {
        ConfigKey<String> fileKey = (ConfigKey<String>) known.named(ConfigKeys.CONFIG_FILE.name());
        if (fileKey == null) {
            return;
        }
        KeyResolution<String> r = KeyResolution.of(fileKey, raws, defaults);
        resolutions.put(fileKey.name(), r);
        Candidate<String> chosen = r.chosen();
        if (chosen.value != null) {
            ConfigFile.read(chosen.value, fileKey, chosen.source.labelFor(fileKey), known, raws, problems);
        }
    }
}
