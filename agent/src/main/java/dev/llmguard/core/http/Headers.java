package dev.llmguard.core.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * HTTP header fields as the core sees them, independent of any HTTP client.
 * Immutable; names compare case-insensitively; order and repeats are kept.
 */
public final class Headers {
    public static final Headers EMPTY = new Headers(new String[0]);

    private final String[] namesAndValues;

    private Headers(String[] namesAndValues) {
        this.namesAndValues = namesAndValues;
    }

    /** {@code of("retry-after", "2", "x-request-id", "abc")}. */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must come in pairs");
        }
        Builder b = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The first value of the named field, or null. */
    public String get(String name) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i].equalsIgnoreCase(name)) {
                return namesAndValues[i + 1];
            }
        }
        return null;
    }

    public List<String> values(String name) {
        List<String> out = null;
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i].equalsIgnoreCase(name)) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(namesAndValues[i + 1]);
            }
        }
        return out == null ? Collections.<String>emptyList() : out;
    }

    public int size() {
        return namesAndValues.length / 2;
    }

    public String name(int index) {
        return namesAndValues[index * 2];
    }

    public String value(int index) {
        return namesAndValues[index * 2 + 1];
    }

    @Override
    public String toString() {
        // names only: values may carry credentials
        StringBuilder sb = new StringBuilder("Headers[");
        for (int i = 0; i < size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(name(i));
        }
        return sb.append(']').toString();
    }

    public static final class Builder {
        private final List<String> items = new ArrayList<>();

        public Builder add(String name, String value) {
            if (name == null || value == null) {
                throw new NullPointerException("header name and value must not be null");
            }
            items.add(name);
            items.add(value);
            return this;
        }

        public Headers build() {
            return items.isEmpty() ? EMPTY : new Headers(items.toArray(new String[0]));
        }
    }
}
