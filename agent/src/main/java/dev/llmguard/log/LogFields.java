package dev.llmguard.log;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The facts of one log line, by name, for {@code llmguard.log.format=json}: the event and whatever
 * it concerns (host, path, model, key fingerprint, attempt, wait, limits, request id). Never a key,
 * a header value other than rate-limit figures and the request id, or a body.
 */
public final class LogFields {
    final Map<String, Object> values = new LinkedHashMap<String, Object>();

    private LogFields() {
    }

    public static LogFields event(String name) {
        LogFields f = new LogFields();
        f.values.put("event", name);
        return f;
    }

    /** Adds a field; a null value is left out. */
    public LogFields put(String name, Object value) {
        if (value != null) {
            values.put(name, value);
        }
        return this;
    }
}
