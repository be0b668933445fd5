package dev.llmguard.config;

/**
 * A rule between two keys: {@code high}'s value must not be less than {@code low}'s (e.g. the backoff
 * cap not below the base delay). When the effective values break it, the loader keeps the
 * highest-precedence pair that satisfies it and reports each value it passes over.
 */
final class ConfigConstraint<T extends Comparable<? super T>> {

    final ConfigKey<T> high;
    final ConfigKey<T> low;

    private ConfigConstraint(ConfigKey<T> high, ConfigKey<T> low) {
        this.high = high;
        this.low = low;
    }

    static <T extends Comparable<? super T>> ConfigConstraint<T> notLessThan(ConfigKey<T> high, ConfigKey<T> low) {
        return new ConfigConstraint<T>(high, low);
    }

    boolean holds(T highValue, T lowValue) {
        return highValue == null || lowValue == null || highValue.compareTo(lowValue) >= 0;
    }

    String highRejection(T lowValue) {
        return "must not be less than " + low.name() + " (" + low.display(lowValue) + ")";
    }

    String lowRejection(T highValue) {
        return "must not be more than " + high.name() + " (" + high.display(highValue) + ")";
    }
}
