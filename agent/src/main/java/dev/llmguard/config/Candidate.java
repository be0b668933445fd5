package dev.llmguard.config;

/** One source's value for a key, parsed; rejected (with the reason) when invalid or when it breaks a rule. */
final class Candidate<T> {
    final ConfigSource source;
    /** The text as given; null for the default. */
    final String raw;
    /** Null when the text did not parse (or when the default is "none"). */
    final T value;
    /** Why the value is not used, or null; set later by a {@link ConfigConstraint} the value breaks. */
    String rejection;

    Candidate(ConfigSource source, String raw, T value, String rejection) {
        this.source = source;
        this.raw = raw;
        this.value = value;
        this.rejection = rejection;
    }
}
