package dev.llmguard.config;

import java.util.List;
import java.util.Map;

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

    /**
     * Rejects the values that break this rule in {@code resolutions} (by key name): keeps the low key's
     * value of highest precedence that some high value satisfies, and with it the first such high value;
     * every valid value passed over is rejected with the reason. A rule on keys not being loaded is skipped.
     */
    @SuppressWarnings("unchecked")
    void enforce(Map<String, KeyResolution<?>> resolutions) {
        KeyResolution<T> highs = (KeyResolution<T>) resolutions.get(high.name());
        KeyResolution<T> lows = (KeyResolution<T>) resolutions.get(low.name());
        if (highs == null || lows == null) {
            return;
        }
        List<Candidate<T>> lowValues = lows.valid();
        List<Candidate<T>> highValues = highs.valid();
        for (int i = 0; i < lowValues.size(); i++) {
            for (int j = 0; j < highValues.size(); j++) {
                if (holds(highValues.get(j).value, lowValues.get(i).value)) {
                    for (int a = 0; a < i; a++) {
                        lowValues.get(a).rejection = lowRejection(highValues.get(j).value);
                    }
                    for (int b = 0; b < j; b++) {
                        highValues.get(b).rejection = highRejection(lowValues.get(i).value);
                    }
                    return;
                }
            }
        }
        // Not even the defaults agree: leave the values as they are.
    }
}
