package dev.llmguard.core.classify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.llmguard.core.http.ResponseInfo;
import dev.llmguard.core.ratelimit.DurationText;
import dev.llmguard.core.ratelimit.GoDuration;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a provider's JSON error body says. Parsed in one streaming pass (jackson-core, no data
 * binding) from the bounded prefix in {@link ResponseInfo#errorBody()}; never throws. When the body
 * is not JSON every field is null / empty / -1; when it is cut off, the fields read before the cut are
 * kept (a string only once it is complete; a number the cut ends, such as Gemini's {@code "code":429},
 * reads as its leading digits, because jackson cannot tell the end of input from the end of a number).
 *
 * <p>Shapes understood:
 * <ul>
 * <li>OpenAI / Azure: {@code {"error":{"message","type","param","code"}}} ({@code code} a string, a number or null)</li>
 * <li>Anthropic: {@code {"type":"error","error":{"type","message","details":{"error_code"}},"request_id"}}</li>
 * <li>Gemini: {@code {"error":{"code":429,"message","status","details":[{"@type":"...QuotaFailure","violations":[{"quotaId"}]},
 *     {"@type":"...RetryInfo","retryDelay":"30s"}]}}}, also wrapped in an array</li>
 * <li>flat gateway bodies {@code {"message","type","code"}}, {@code {"error":"text"}}, and an SSE {@code data:} line</li>
 * </ul>
 *
 * <p>{@code type}, {@code code}, {@code status}, {@code detailsErrorCode} and {@code quotaIds} are kept
 * only when they look like identifiers (at most 100 characters of letters, digits and {@code _.:/@+-}),
 * so they are safe to log. {@link #message()} is free text from the provider: it may quote the request,
 * so it is never part of {@link #toString()} and must not be logged.
 */
public final class ErrorBody {

    public static final ErrorBody EMPTY =
            new ErrorBody(null, null, null, null, -1, Collections.<String>emptyList(), null);

    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build();

    private static final int MAX_QUOTA_IDS = 32;
    private static final int MAX_TOKEN_LENGTH = 100;

    private final String type;
    private final String code;
    private final String message;
    private final String status;
    private final long retryDelayMillis;
    private final List<String> quotaIds;
    private final String detailsErrorCode;

    private ErrorBody(String type, String code, String message, String status, long retryDelayMillis,
                      List<String> quotaIds, String detailsErrorCode) {
        this.type = type;
        this.code = code;
        this.message = message;
        this.status = status;
        this.retryDelayMillis = retryDelayMillis;
        this.quotaIds = quotaIds;
        this.detailsErrorCode = detailsErrorCode;
    }

    /** Parses a (possibly truncated, possibly non-JSON) error body; {@link #EMPTY} for null or garbage. */
    public static ErrorBody parse(byte[] body) {
        if (body == null || body.length == 0) {
            return EMPTY;
        }
        int start = jsonStart(body);
        if (start < 0) {
            return EMPTY;
        }
        State st = new State();
        JsonParser p = null;
        try {
            p = JSON.createParser(body, start, body.length - start);
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_ARRAY) {
                t = p.nextToken(); // Gemini streaming errors: [{"error":{...}}]
            }
            if (t == JsonToken.START_OBJECT) {
                readRoot(p, st);
            }
        } catch (Exception e) {
            // truncated or not JSON: keep what was complete
        } finally {
            if (p != null) {
                try {
                    p.close();
                } catch (Exception ignored) {
                    // nothing to release beyond buffers
                }
            }
        }
        return st.build();
    }

    /** Where the JSON starts: after a BOM and whitespace, or after an SSE {@code data:} prefix; -1 if not JSON. */
    private static int jsonStart(byte[] b) {
        int i = 0;
        if (b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf) {
            i = 3;
        }
        while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n')) {
            i++;
        }
        if (i >= b.length) {
            return -1;
        }
        if (b[i] == '{' || b[i] == '[') {
            return i;
        }
        if (b[i] == 'e' || b[i] == 'd') { // "event: error\ndata: {...}"
            int limit = Math.min(b.length, i + 256);
            for (int k = i; k < limit; k++) {
                if (b[k] == '{') {
                    return k;
                }
            }
        }
        return -1;
    }

    private static void readRoot(JsonParser p, State st) throws java.io.IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if ("error".equals(name)) {
                if (v == JsonToken.START_OBJECT) {
                    readError(p, st);
                } else if (v == JsonToken.VALUE_STRING) {
                    st.topMessage = p.getText();
                } else {
                    p.skipChildren();
                }
            } else if ("type".equals(name) && v == JsonToken.VALUE_STRING) {
                String t = p.getText();
                if (!"error".equals(t)) {
                    st.topType = t;
                }
            } else if ("code".equals(name) && v != null && v.isScalarValue() && v != JsonToken.VALUE_NULL) {
                st.topCode = p.getText();
            } else if ("message".equals(name) && v == JsonToken.VALUE_STRING) {
                st.topMessage = p.getText();
            } else {
                p.skipChildren();
            }
        }
    }

    private static void readError(JsonParser p, State st) throws java.io.IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                if ("details".equals(name) && v == JsonToken.START_OBJECT) {
                    readAnthropicDetails(p, st);
                } else if ("details".equals(name)) {
                    readGoogleDetails(p, st);
                } else {
                    p.skipChildren();
                }
            } else if ("message".equals(name)) {
                if (v == JsonToken.VALUE_STRING) {
                    st.message = p.getText();
                }
            } else if ("type".equals(name)) {
                if (v == JsonToken.VALUE_STRING) {
                    st.type = p.getText();
                }
            } else if ("code".equals(name)) {
                if (v == JsonToken.VALUE_STRING || v == JsonToken.VALUE_NUMBER_INT) {
                    st.code = p.getText();
                }
            } else if ("status".equals(name)) {
                if (v == JsonToken.VALUE_STRING) {
                    st.status = p.getText();
                }
            }
        }
    }

    private static void readAnthropicDetails(JsonParser p, State st) throws java.io.IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if ("error_code".equals(name) && v == JsonToken.VALUE_STRING) {
                st.detailsErrorCode = p.getText();
            } else {
                p.skipChildren();
            }
        }
    }

    private static void readGoogleDetails(JsonParser p, final State st) throws java.io.IOException {
        eachObjectField(p, new FieldReader() {
            @Override
            public void read(JsonParser p, String name, JsonToken v) throws java.io.IOException {
                if ("retryDelay".equals(name) && v == JsonToken.VALUE_STRING) {
                    st.retryDelayMillis = GoDuration.protobufMillis(p.getText());
                } else if ("retryDelay".equals(name) && v == JsonToken.START_OBJECT) {
                    st.retryDelayMillis = readDurationObject(p);
                } else if ("violations".equals(name) && v == JsonToken.START_ARRAY) {
                    readViolations(p, st);
                } else {
                    p.skipChildren();
                }
            }
        });
    }

    /** Reads one field's value; must consume it (skipChildren when not wanted). */
    private interface FieldReader {
        void read(JsonParser p, String name, JsonToken value) throws java.io.IOException;
    }

    /** For an array of objects (the parser is on START_ARRAY), hands every field of every object to the reader. */
    private static void eachObjectField(JsonParser p, FieldReader reader) throws java.io.IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                reader.read(p, name, p.nextToken());
            }
        }
    }

    /** A protobuf Duration written as {@code {"seconds":30,"nanos":500000000}}. */
    private static long readDurationObject(JsonParser p) throws java.io.IOException {
        long seconds = 0;
        long nanos = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            long n = -1;
            if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                n = p.getLongValue();
            } else if (v == JsonToken.VALUE_STRING) {
                n = DurationText.nonNegativeLong(p.getText());
            } else {
                p.skipChildren();
            }
            if ("seconds".equals(name)) {
                seconds = n;
            } else if ("nanos".equals(name)) {
                nanos = n;
            }
        }
        if (seconds < 0 || nanos < 0 || nanos > 999999999L || seconds > Long.MAX_VALUE / 1000 - 1) {
            return -1;
        }
        return seconds * 1000 + (nanos + 999999) / 1000000;
    }

    private static void readViolations(JsonParser p, final State st) throws java.io.IOException {
        eachObjectField(p, new FieldReader() {
            @Override
            public void read(JsonParser p, String name, JsonToken v) throws java.io.IOException {
                String id = "quotaId".equals(name) && v == JsonToken.VALUE_STRING ? token(p.getText()) : null;
                if (id == null) {
                    p.skipChildren();
                    return;
                }
                if (st.quotaIds == null) {
                    st.quotaIds = new ArrayList<String>(2);
                }
                if (st.quotaIds.size() < MAX_QUOTA_IDS) {
                    st.quotaIds.add(id);
                }
            }
        });
    }

    /** {@code s} when it looks like an identifier that is safe to log, else null. */
    private static String token(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_TOKEN_LENGTH) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-' || c == '.' || c == ':' || c == '/' || c == '@' || c == '+';
            if (!ok) {
                return null;
            }
        }
        return s;
    }

    /** The error's type: OpenAI {@code insufficient_quota}, {@code tokens}; Anthropic {@code rate_limit_error}; or null. */
    public String type() {
        return type;
    }

    /** The error's code as text: OpenAI {@code rate_limit_exceeded}; Gemini {@code 429}; or null. */
    public String code() {
        return code;
    }

    /** The provider's error message, or null. Free text that may quote the request: never log it. */
    public String message() {
        return message;
    }

    /** Gemini's {@code error.status}, e.g. {@code RESOURCE_EXHAUSTED}, or null. */
    public String status() {
        return status;
    }

    /** Gemini's {@code RetryInfo.retryDelay} in milliseconds, or -1 when absent or unreadable. */
    public long retryDelayMillis() {
        return retryDelayMillis;
    }

    /** Gemini's {@code QuotaFailure.violations[].quotaId} values; empty when none. Unmodifiable. */
    public List<String> quotaIds() {
        return quotaIds;
    }

    /** Anthropic's {@code error.details.error_code}, e.g. {@code enforced_spend_limit_reached}, or null. */
    public String detailsErrorCode() {
        return detailsErrorCode;
    }

    /** The fields that are safe to log; never the message. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ErrorBody[");
        int start = sb.length();
        append(sb, start, "type", type);
        append(sb, start, "code", code);
        append(sb, start, "status", status);
        if (retryDelayMillis >= 0) {
            append(sb, start, "retryDelayMillis", String.valueOf(retryDelayMillis));
        }
        if (!quotaIds.isEmpty()) {
            append(sb, start, "quotaIds", quotaIds.toString());
        }
        append(sb, start, "detailsErrorCode", detailsErrorCode);
        if (message != null) {
            append(sb, start, "message", "<" + message.length() + " chars>");
        }
        return sb.append(']').toString();
    }

    private static void append(StringBuilder sb, int start, String name, String value) {
        if (value != null) {
            sb.append(sb.length() > start ? ", " : "").append(name).append('=').append(value);
        }
    }

    private static final class State {
        String type;
        String code;
        String message;
        String status;
        long retryDelayMillis = -1;
        List<String> quotaIds;
        String detailsErrorCode;
        String topType;
        String topCode;
        String topMessage;

        ErrorBody build() {
            String t = token(type != null ? type : topType);
            String c = token(code != null ? code : topCode);
            String m = message != null ? message : topMessage;
            String s = token(status);
            String d = token(detailsErrorCode);
            List<String> q = quotaIds == null ? Collections.<String>emptyList() : Collections.unmodifiableList(quotaIds);
            if (t == null && c == null && m == null && s == null && retryDelayMillis < 0 && q.isEmpty() && d == null) {
                return EMPTY;
            }
            return new ErrorBody(t, c, m, s, retryDelayMillis, q, d);
        }
    }
}
