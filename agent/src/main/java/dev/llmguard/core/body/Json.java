package dev.llmguard.core.body;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;

/** The shared streaming JSON factory of this package and small helpers around it. */
final class Json {

    /** Thread-safe. Error locations never quote the source; field names are not interned. */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build();

    private Json() {
    }

    static JsonParser parser(byte[] json) throws IOException {
        return FACTORY.createParser(json);
    }

    static JsonParser parser(byte[] json, int offset, int length) throws IOException {
        return FACTORY.createParser(json, offset, length);
    }

    /** A non-negative integral number at the current token ({@code 12}, {@code 12.0}), else -1. */
    static long nonNegativeLong(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                return -1;
            }
            long v = p.getLongValue();
            return v < 0 ? -1 : v;
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = p.getDoubleValue();
            if (d >= 0 && d < 9.0e18) {
                return (long) d;
            }
        }
        return -1;
    }

    static void closeQuietly(JsonParser p) {
        if (p != null) {
            try {
                p.close();
            } catch (Exception ignored) {
                // only buffers to release
            }
        }
    }
}
