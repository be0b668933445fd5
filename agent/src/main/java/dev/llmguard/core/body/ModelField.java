package dev.llmguard.core.body;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.nio.charset.StandardCharsets;

/**
 * Rewrites the top-level {@code model} of a JSON request body for a model fallback: the string's
 * bytes are replaced and every other byte is kept as the application wrote it (field order,
 * spacing, escapes). The whole body is read first: anything but one complete JSON object with
 * exactly one top-level string {@code model} is left alone.
 */
public final class ModelField {
    private ModelField() {
    }

    /**
     * The body with its model replaced by {@code model} (letters, digits and {@code . - _ : / @},
     * as llmguard.fallback.models allows: nothing to escape), or null when it cannot be rewritten.
     */
    public static byte[] rewrite(byte[] json, String model) {
        if (json == null || json.length == 0) {
            return null;
        }
        long start = -1;
        long end = -1;
        JsonParser p = null;
        try {
            p = Json.parser(json);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                boolean isModel = "model".equals(p.currentName());
                JsonToken v = p.nextToken();
                if (isModel) {
                    if (v != JsonToken.VALUE_STRING || start >= 0) {
                        return null; // not a string, or two of them: which one the server reads is not ours to guess
                    }
                    start = p.currentTokenLocation().getByteOffset();
                    p.getText(); // reads the string to its closing quote
                    JsonLocation after = p.currentLocation();
                    end = after.getByteOffset();
                } else if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null; // cut off, or more than one document
            }
        } catch (Exception e) {
            return null;
        } finally {
            Json.closeQuietly(p);
        }
        if (start < 0 || end <= start || end > json.length || json[(int) start] != '"' || json[(int) end - 1] != '"') {
            return null;
        }
        byte[] value = ('"' + model + '"').getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[json.length - (int) (end - start) + value.length];
        System.arraycopy(json, 0, out, 0, (int) start);
        System.arraycopy(value, 0, out, (int) start, value.length);
        System.arraycopy(json, (int) end, out, (int) start + value.length, json.length - (int) end);
        return out;
    }
}
