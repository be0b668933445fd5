package dev.llmguard.config;

import java.util.ArrayList;
import java.util.List;

/**
 * How one key's effective value is chosen: its values from all sources in precedence order, the default
 * last; the first one not rejected wins. The others are kept so each rejected one can be reported with
 * the value used instead.
 */
final class KeyResolution<T> {
    final ConfigKey<T> key;
    final List<Candidate<T>> candidates = new ArrayList<Candidate<T>>();

    private KeyResolution(ConfigKey<T> key) {
        this.key = key;
    }

    /** Parses each of the key's raw values; an invalid one is a rejected candidate. */
    static <T> KeyResolution<T> of(ConfigKey<T> key, RawValues raws, GuardConfig defaults) {
        KeyResolution<T> r = new KeyResolution<T>(key);
        for (RawValues.Raw raw : raws.of(key)) {
            try {
                r.candidates.add(new Candidate<T>(raw.source, raw.text, key.parse(raw.text), null));
            } catch (InvalidValueException e) {
                r.candidates.add(new Candidate<T>(raw.source, raw.text, null,
                        e.reason(key.expectedForm(), key.isSecret())));
            }
        }
        r.candidates.add(new Candidate<T>(ConfigSource.DEFAULT, null, key.valueIn(defaults), null));
        return r;
    }

    Candidate<T> chosen() {
        for (Candidate<T> c : candidates) {
            if (c.rejection == null) {
                return c;
            }
        }
        throw new IllegalStateException("default rejected for " + key);
    }

    /** The candidates not rejected, highest precedence first. */
    List<Candidate<T>> valid() {
        List<Candidate<T>> out = new ArrayList<Candidate<T>>();
        for (Candidate<T> c : candidates) {
            if (c.rejection == null) {
                out.add(c);
            }
        }
        return out;
    }
}
