package dev.llmguard.config;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The third source: environment variables named {@code LLMGUARD_*} (see {@link ConfigKey#envName()}). */
final class EnvironmentVariables {

    private EnvironmentVariables() {
    }

    /**
     * This process's environment. A security manager may forbid reading it: then none, and a problem
     * saying so, since the agent must start whatever the host allows.
     */
    static Map<String, String> current(List<String> problems) {
        try {
            return System.getenv();
        } catch (RuntimeException e) {
            problems.add("llm-guard: cannot read environment variables (" + e + "); ignoring them");
            return Collections.emptyMap();
        }
    }

    /** Adds each known key's value to {@code into}; other {@code LLMGUARD_*} names are problems, in name order. */
    static void read(Map<String, String> env, KnownKeys keys, RawValues into, List<String> problems) {
        for (ConfigKey<?> k : keys.all()) {
            String v = env.get(k.envName());
            if (v != null) {
                into.add(k, ConfigSource.ENVIRONMENT, v);
            }
        }
        for (String name : new TreeMap<String, String>(env).keySet()) {
            if (name.startsWith(ConfigKeys.ENV_PREFIX) && !keys.hasEnvName(name)) {
                problems.add(keys.unknownEnv(name));
            }
        }
    }
}
