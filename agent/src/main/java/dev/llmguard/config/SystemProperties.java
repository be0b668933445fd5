package dev.llmguard.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The second source: system properties named {@code llmguard.*}. */
final class SystemProperties {

    private SystemProperties() {
    }

    /**
     * This JVM's {@code llmguard.*} properties. A security manager may forbid reading them: then none, and
     * a problem saying so, since the agent must start whatever the host allows.
     */
    static Map<String, String> current(List<String> problems) {
        Map<String, String> sys = new HashMap<String, String>();
        try {
            for (String name : System.getProperties().stringPropertyNames()) {
                if (name.startsWith(ConfigKeys.PREFIX)) {
                    String v = System.getProperty(name);
                    if (v != null) {
                        sys.put(name, v);
                    }
                }
            }
        } catch (RuntimeException e) {
            problems.add("llm-guard: cannot read system properties (" + e + "); ignoring them");
        }
        return sys;
    }

    /** Adds each known key's value to {@code into}; other {@code llmguard.*} names are problems, in name order. */
    static void read(Map<String, String> sys, KnownKeys keys, RawValues into, List<String> problems) {
        for (ConfigKey<?> k : keys.all()) {
            String v = sys.get(k.name());
            if (v != null) {
                into.add(k, ConfigSource.SYSTEM_PROPERTY, v);
            }
        }
        for (String name : new TreeMap<String, String>(sys).keySet()) {
            if (name.startsWith(ConfigKeys.PREFIX) && !keys.hasName(name)) {
                problems.add(keys.unknown(name, ConfigSource.SYSTEM_PROPERTY, false));
            }
        }
    }
}
