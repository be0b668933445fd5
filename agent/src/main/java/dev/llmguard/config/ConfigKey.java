package dev.llmguard.config;

import java.util.Locale;

/**
 * One setting: its name, the form its value must have, its default (read from
 * {@link GuardConfig#defaults()}, so it cannot drift), a one-line description, and how its text is
 * parsed and applied to a {@link GuardConfig.Builder}. All keys are listed in {@link ConfigKeys}.
 *
 * @param <T> the value's type in {@link GuardConfig}
 */
public final class ConfigKey<T> {

    /** Reads the key's value from a config. */
    interface Getter<T> {
        T get(GuardConfig config);
    }

    /** Sets the key's value on a builder. */
    interface Setter<T> {
        void set(GuardConfig.Builder builder, T value);
    }

    private final String name;
    private final String description;
    private final ValueParser<T> parser;
    private final Getter<T> getter;
    private final Setter<T> setter;
    private final Redaction redaction;

    private ConfigKey(String name, ValueParser<T> parser, Getter<T> getter, Setter<T> setter, String description,
                      Redaction redaction) {
        this.name = name;
        this.parser = parser;
        this.getter = getter;
        this.setter = setter;
        this.description = description;
        this.redaction = redaction;
    }

    static <T> ConfigKey<T> of(String name, ValueParser<T> parser, Getter<T> getter, Setter<T> setter,
                               String description) {
        return new ConfigKey<T>(name, parser, getter, setter, description, Redaction.NONE);
    }

    /** The same key, its values shown only through {@code redaction} (e.g. {@link Redaction#URL_PASSWORD}). */
    ConfigKey<T> secret(Redaction redaction) {
        return new ConfigKey<T>(name, parser, getter, setter, description, redaction);
    }

    /** e.g. "llmguard.retry.max-attempts". */
    public String name() {
        return name;
    }

    /** e.g. "LLMGUARD_RETRY_MAX_ATTEMPTS": upper case, '.' and '-' both become '_'. */
    public String envName() {
        return envName(name);
    }

    static String envName(String keyName) {
        return keyName.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The name without the "llmguard." prefix, as agent arguments may write it. */
    String shortName() {
        return name.startsWith(ConfigKeys.PREFIX) ? name.substring(ConfigKeys.PREFIX.length()) : name;
    }

    /** The accepted form in words, e.g. "a whole number from 1 to 100". */
    public String expectedForm() {
        return parser.expectedForm();
    }

    public String description() {
        return description;
    }

    /** The default as text, e.g. "5" or "30s" ("(none)" when there is none); secret parts masked. */
    public String defaultText() {
        return valueText(GuardConfig.defaults());
    }

    /** This key's value in {@code config} as text; secret parts masked. */
    public String valueText(GuardConfig config) {
        return display(getter.get(config));
    }

    /** Whether values of this key are masked when shown. */
    public boolean isSecret() {
        return redaction != Redaction.NONE;
    }

    T parse(String text) throws InvalidValueException {
        return parser.parse(text.trim());
    }

    void apply(GuardConfig.Builder builder, T value) {
        setter.set(builder, value);
    }

    T valueIn(GuardConfig config) {
        return getter.get(config);
    }

    /** A typed value as text for people; secret parts masked. */
    String display(T value) {
        return value == null ? "(none)" : redaction.apply(parser.format(value));
    }

    /** Raw text as given, secret parts masked. */
    String redact(String text) {
        return redaction.apply(text);
    }

    @Override
    public String toString() {
        return name;
    }
}
