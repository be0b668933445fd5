package dev.llmguard.core.body;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * What a JSON LLM request asks for, for quota keys and token estimates: the model, how much text it
 * sends, how much output it may ask for. Read in one streaming pass (jackson-core) that skips
 * everything else; never throws. For a cut-off or invalid body it keeps what it read before the
 * damage ({@link #complete()} is then false and the counts are lower bounds); for a body that is not
 * a JSON object it is {@link #EMPTY}. Holds no request text: {@link #toString()} is safe to log.
 *
 * <p>Prompt characters are counted in string values under {@code messages[].content} (a string, or
 * parts with {@code text}, nested {@code content}), {@code input} (string, array, Responses API items),
 * {@code prompt}, {@code system}, {@code instructions}, Gemini {@code contents[].parts[].text} and
 * {@code systemInstruction}. Images, audio, tool definitions and keys are not counted.
 */
public final class RequestBodySummary {

    public static final RequestBodySummary EMPTY = new RequestBodySummary(new State());

    private static final int MAX_DEPTH = 16;
    private static final int MAX_MODEL_LENGTH = 256;
    private static final int MAX_N = 1000;
    /** Longer identifiers are not read: a tenant value is an id, not text. */
    private static final int MAX_ID_LENGTH = 256;

    private final String model;
    private final long promptChars;
    private final long maxOutputTokens;
    private final int n;
    private final boolean stream;
    private final boolean complete;
    private final String user;
    private final String safetyIdentifier;
    private final String metadataUserId;

    private RequestBodySummary(State st) {
        this.model = st.model;
        this.promptChars = st.promptChars;
        this.maxOutputTokens = st.maxOutputTokens;
        this.n = st.n;
        this.stream = st.stream;
        this.complete = st.complete;
        this.user = st.user;
        this.safetyIdentifier = st.safetyIdentifier;
        this.metadataUserId = st.metadataUserId;
    }

    /** Summarises a JSON request body; {@link #EMPTY} for null, empty or non-object input. */
    public static RequestBodySummary of(byte[] json) {
        if (json == null || json.length == 0) {
            return EMPTY;
        }
        State st = new State();
        JsonParser p = null;
        try {
            p = Json.parser(json);
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return EMPTY;
            }
            st.object = true;
            readRoot(p, st);
        } catch (Exception e) {
            // cut off or invalid: keep what was read
        } finally {
            Json.closeQuietly(p);
        }
        return st.object ? st.build() : EMPTY;
    }

    private static void readRoot(JsonParser p, State st) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "model":
                    if (v == JsonToken.VALUE_STRING && p.getTextLength() <= MAX_MODEL_LENGTH) {
                        st.model = printable(p.getText());
                    }
                    break;
                case "messages":
                case "input":
                case "prompt":
                case "system":
                case "instructions":
                case "contents":
                case "systemInstruction":
                case "system_instruction":
                    countText(p, v, st, 0);
                    break;
                case "max_tokens":
                case "max_completion_tokens":
                case "max_output_tokens":
                case "maxOutputTokens":
                    st.maxOutputTokens = Math.max(st.maxOutputTokens, Json.nonNegativeLong(p, v));
                    break;
                case "n":
                    st.n = count(p, v, st.n);
                    break;
                case "stream":
                    st.stream = v == JsonToken.VALUE_TRUE;
                    break;
                case "user":
                    st.user = id(p, v);
                    break;
                case "safety_identifier":
                    st.safetyIdentifier = id(p, v);
                    break;
                case "metadata":
                    if (v == JsonToken.START_OBJECT) {
                        readMetadata(p, st);
                    }
                    break;
                case "generationConfig":
                case "generation_config":
                    if (v == JsonToken.START_OBJECT) {
                        readGenerationConfig(p, st);
                    }
                    break;
                default:
                    break;
            }
            p.skipChildren(); // a value not read above (no-op after a scalar or a consumed container)
        }
        st.complete = t == JsonToken.END_OBJECT;
    }

    private static void readGenerationConfig(JsonParser p, State st) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if ("maxOutputTokens".equals(name) || "max_output_tokens".equals(name)) {
                st.maxOutputTokens = Math.max(st.maxOutputTokens, Json.nonNegativeLong(p, v));
            } else if ("candidateCount".equals(name) || "candidate_count".equals(name)) {
                st.n = count(p, v, st.n);
            }
            p.skipChildren();
        }
    }

    /** Anthropic's {@code metadata.user_id}; nothing else of the metadata. */
    private static void readMetadata(JsonParser p, State st) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if ("user_id".equals(name)) {
                st.metadataUserId = id(p, v);
            }
            p.skipChildren();
        }
    }

    /** A string identifier, or null for anything else (or an empty or overlong one). */
    private static String id(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_STRING || p.getTextLength() == 0 || p.getTextLength() > MAX_ID_LENGTH) {
            return null;
        }
        return p.getText();
    }

    private static int count(JsonParser p, JsonToken v, int previous) throws IOException {
        long c = Json.nonNegativeLong(p, v);
        if (c < 1) {
            p.skipChildren();
            return previous;
        }
        return (int) Math.min(c, MAX_N);
    }

    /** {@code s} unless it holds control characters (a model name is logged). */
    private static String printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return null;
            }
        }
        return s.isEmpty() ? null : s;
    }

    /**
     * Adds the lengths of the text strings in the value at the current token: a string counts; arrays
     * are walked; in objects only {@code text}, {@code content}, {@code parts} and {@code output} are.
     */
    private static void countText(JsonParser p, JsonToken t, State st, int depth) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            st.promptChars += p.getTextLength();
        } else if (t == JsonToken.START_ARRAY) {
            if (depth >= MAX_DEPTH) {
                p.skipChildren();
                return;
            }
            JsonToken e;
            while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                if (e == null) {
                    return;
                }
                countText(p, e, st, depth + 1);
            }
        } else if (t == JsonToken.START_OBJECT) {
            if (depth >= MAX_DEPTH) {
                p.skipChildren();
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if ("text".equals(name) || "content".equals(name) || "parts".equals(name) || "output".equals(name)) {
                    countText(p, v, st, depth + 1);
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    /**
     * The identifier in the body field {@code field} ({@code user}, {@code safety_identifier} or
     * {@code metadata.user_id}), or null. Never printed: the guard keeps only its hash.
     */
    public String identifier(String field) {
        switch (field) {
            case "user":
                return user;
            case "safety_identifier":
                return safetyIdentifier;
            case "metadata.user_id":
                return metadataUserId;
            default:
                return null;
        }
    }

    /** The top-level {@code model}, or null. */
    public String model() {
        return model;
    }

    /** Characters of prompt text (UTF-16 units) the request sends; 0 when none was found. */
    public long promptChars() {
        return promptChars;
    }

    /**
     * The output limit the request sets: the largest of {@code max_tokens}, {@code max_completion_tokens},
     * {@code max_output_tokens} and Gemini {@code generationConfig.maxOutputTokens}; -1 when absent.
     */
    public long maxOutputTokens() {
        return maxOutputTokens;
    }

    /** Completions asked for ({@code n}, Gemini {@code candidateCount}); 1 by default. */
    public int n() {
        return n;
    }

    /** True when the body says {@code "stream": true}. */
    public boolean stream() {
        return stream;
    }

    /** True when the whole body was a well-formed JSON object; false when it was cut off or invalid. */
    public boolean complete() {
        return complete;
    }

    /** The prompt's tokens as estimated from its characters: {@code ceil(promptChars / 4)}. */
    public long promptTokens() {
        return promptChars / 4 + (promptChars % 4 == 0 ? 0 : 1);
    }

    /** The most output tokens the request may produce: {@code max(maxOutputTokens, 0) * n}, saturating. */
    public long outputTokens() {
        long out = Math.max(maxOutputTokens, 0);
        return out > 0 && out > Long.MAX_VALUE / n ? Long.MAX_VALUE : out * n;
    }

    /** {@link #promptTokens()} + {@link #outputTokens()}, saturating at Long.MAX_VALUE. */
    public long estimatedTokens() {
        long prompt = promptTokens();
        long out = outputTokens();
        return out > Long.MAX_VALUE - prompt ? Long.MAX_VALUE : prompt + out;
    }

    @Override
    public String toString() {
        return "RequestBodySummary[model=" + model + ", promptChars=" + promptChars + ", maxOutputTokens="
                + maxOutputTokens + ", n=" + n + ", stream=" + stream + ", estimatedTokens=" + estimatedTokens()
                + (complete ? "" : ", incomplete") + "]";
    }

    private static final class State {
        boolean object;
        String model;
        long promptChars;
        long maxOutputTokens = -1;
        int n = 1;
        boolean stream;
        boolean complete;
        String user;
        String safetyIdentifier;
        String metadataUserId;

        RequestBodySummary build() {
            return new RequestBodySummary(this);
        }
    }
}
