package dev.llmguard.config;

/** Where a setting's effective value came from. */
public final class ConfigSource {

    /** In order of precedence: the first source that has a valid value for a key wins. */
    public enum Kind { AGENT_ARGUMENTS, SYSTEM_PROPERTY, ENVIRONMENT, CONFIG_FILE, DEFAULT }

    static final ConfigSource AGENT_ARGUMENTS = new ConfigSource(Kind.AGENT_ARGUMENTS, "agent arguments");
    static final ConfigSource SYSTEM_PROPERTY = new ConfigSource(Kind.SYSTEM_PROPERTY, "system property");
    static final ConfigSource ENVIRONMENT = new ConfigSource(Kind.ENVIRONMENT, "environment variable");
    static final ConfigSource DEFAULT = new ConfigSource(Kind.DEFAULT, "default");

    static ConfigSource configFile(String path) {
        return new ConfigSource(Kind.CONFIG_FILE, "config file " + path);
    }

    private final Kind kind;
    private final String label;

    private ConfigSource(Kind kind, String label) {
        this.kind = kind;
        this.label = label;
    }

    public Kind kind() {
        return kind;
    }

    /** "agent arguments", "system property", "environment variable", "config file PATH" or "default". */
    public String label() {
        return label;
    }

    /** The label, naming the variable for the environment: "environment variable LLMGUARD_ENABLED". */
    public String labelFor(ConfigKey<?> key) {
        return kind == Kind.ENVIRONMENT ? label + " " + key.envName() : label;
    }

    /** The name the user wrote for the key in this source: the variable name for the environment. */
    String nameFor(ConfigKey<?> key) {
        return kind == Kind.ENVIRONMENT ? key.envName() : key.name();
    }

    @Override
    public String toString() {
        return label;
    }
}
