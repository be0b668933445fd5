package dev.llmguard.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** One line of {@code llmguard.log.format=json}, parsed: its fields by name (a line that does not parse fails the test). */
public final class JsonLine {
    private JsonLine() {
    }

    public static Map<String, String> fields(String line) {
        Map<String, String> fields = new LinkedHashMap<>();
        try (JsonParser p = new JsonFactory().createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new AssertionError("not a JSON object: " + line);
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String name = p.getCurrentName();
                JsonToken value = p.nextToken();
                if (value.isStructStart()) {
                    throw new AssertionError("a line's fields are flat: " + line);
                }
                fields.put(name, p.getText());
            }
            if (p.nextToken() != null) {
                throw new AssertionError("more after the object: " + line);
            }
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
        return fields;
    }
}
