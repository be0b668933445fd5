package dev.llmguard.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The text each source gave for each key, before parsing. Sources are read in precedence order, so
 * each key's list is in that order too; parsing happens later, so that an invalid value can be
 * reported together with the value used instead.
 */
final class RawValues {

    /** A value as found in one source. */
    static final class Raw {
        final ConfigSource source;
        final String text;

        Raw(ConfigSource source, String text) {
            this.source = source;
            this.text = text;
        }
    }

    private final Map<String, List<Raw>> byKey = new HashMap<String, List<Raw>>();

    void add(ConfigKey<?> key, ConfigSource source, String text) {
        List<Raw> list = byKey.get(key.name());
        if (list == null) {
            list = new ArrayList<Raw>();
            byKey.put(key.name(), list);
        }
        list.add(new Raw(source, text));
    }

    /** The key's values, highest precedence first; empty when no source has it. */
    List<Raw> of(ConfigKey<?> key) {
        List<Raw> list = byKey.get(key.name());
        return list == null ? Collections.<Raw>emptyList() : list;
    }
}
