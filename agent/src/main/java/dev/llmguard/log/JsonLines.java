package dev.llmguard.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;

/** {@code llmguard.log.format=json}: each line one JSON object, written whole to stderr. */
final class JsonLines {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonLines() {
    }

    static String line(String level, String message, LogFields fields) {
        StringWriter out = new StringWriter(256);
        try {
            JsonGenerator g = FACTORY.createGenerator(out);
            g.writeStartObject();
            g.writeStringField("time", Instant.now().toString());
            g.writeStringField("level", level);
            g.writeStringField("logger", GuardLog.NAME);
            g.writeStringField("thread", Thread.currentThread().getName());
            if (fields == null) {
                g.writeStringField("event", "message");
            } else {
                for (Map.Entry<String, Object> e : fields.values.entrySet()) {
                    Object v = e.getValue();
                    if (v instanceof Long || v instanceof Integer) {
                        g.writeNumberField(e.getKey(), ((Number) v).longValue());
                    } else if (v instanceof Double) {
                        g.writeNumberField(e.getKey(), (Double) v);
                    } else if (v instanceof Boolean) {
                        g.writeBooleanField(e.getKey(), (Boolean) v);
                    } else {
                        g.writeStringField(e.getKey(), v.toString());
                    }
                }
            }
            g.writeStringField("message", message);
            g.writeEndObject();
            g.close();
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string cannot fail", e);
        }
        return out.toString();
    }

    static void print(PrintStream err, String line) {
        synchronized (err) {
            err.println(line);
        }
    }
}
