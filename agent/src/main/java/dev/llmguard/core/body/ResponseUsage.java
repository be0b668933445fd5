package dev.llmguard.core.body;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * The tokens a response says the request used, to correct an estimate after the fact. One
 * streaming pass that skips everything but the usage objects; never throws.
 */
public final class ResponseUsage {
    /** No usage found. */
    public static final ResponseUsage NONE = new ResponseUsage(-1, -1, -1);

    private static final int MAX_DEPTH = 2;

    private final long totalTokens;
    private final long promptTokens;
    private final long outputTokens;

    private ResponseUsage(long totalTokens, long promptTokens, long outputTokens) {
        this.totalTokens = totalTokens;
        this.promptTokens = promptTokens;
        this.outputTokens = outputTokens;
    }

    /**
     * The tokens the provider counted in the output: OpenAI {@code completion_tokens}, Responses API
     * and Anthropic {@code output_tokens}, Gemini {@code candidatesTokenCount} with its thoughts; -1 when absent.
     */
    public long outputTokens() {
        return outputTokens;
    }

    /** See {@link #totalTokens(byte[])}; -1 when absent. */
    public long totalTokens() {
        return totalTokens;
    }

    /**
     * The tokens the provider counted in the request's input: OpenAI {@code prompt_tokens} (Responses
     * API {@code input_tokens}), Anthropic {@code input_tokens} with its cache reads and writes, Gemini
     * {@code promptTokenCount}; -1 when absent.
     */
    public long promptTokens() {
        return promptTokens;
    }

    /** Counts already read (a stream's events, gathered); -1 for each one not told. */
    static ResponseUsage counted(long totalTokens, long promptTokens, long outputTokens) {
        return new ResponseUsage(totalTokens, promptTokens, outputTokens);
    }

    /** Total tokens from a JSON response body; see {@link #of}. */
    public static long totalTokens(byte[] json) {
        return of(json).totalTokens();
    }

    /**
     * The usage a JSON response body reports. Total tokens:
     * <ul>
     * <li>OpenAI: {@code usage.total_tokens}, else {@code prompt_tokens + completion_tokens};
     *     Responses API {@code usage.total_tokens}, else {@code input_tokens + output_tokens};</li>
     * <li>Anthropic: {@code usage.input_tokens + output_tokens + cache_creation_input_tokens +
     *     cache_read_input_tokens} (those present), also inside a {@code message_start} event's {@code message};</li>
     * <li>Gemini: {@code usageMetadata.totalTokenCount}, else {@code promptTokenCount + candidatesTokenCount
     *     + thoughtsTokenCount}; for an array of stream chunks, the last chunk that has it.</li>
     * </ul>
     * {@link #NONE} when absent, invalid, or cut off before the usage object is complete.
     */
    public static ResponseUsage of(byte[] json) {
        return json == null ? NONE : of(json, 0, json.length);
    }

    /** As {@link #of(byte[])}, for the JSON in {@code json[offset, offset + length)}. */
    public static ResponseUsage of(byte[] json, int offset, int length) {
        if (json == null || length <= 0) {
            return NONE;
        }
        ResponseUsage[] found = {NONE};
        JsonParser p = null;
        try {
            p = Json.parser(json, offset, length);
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT) {
                readObject(p, found, 0);
            } else if (t == JsonToken.START_ARRAY) {
                while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
                    if (t == JsonToken.START_OBJECT) {
                        readObject(p, found, 0);
                    } else {
                        p.skipChildren();
                    }
                }
            }
        } catch (Exception e) {
            // cut off or invalid: keep a usage object that was complete
        } finally {
            Json.closeQuietly(p);
        }
        return found[0];
    }

    private static void readObject(JsonParser p, ResponseUsage[] found, int depth) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.START_OBJECT) {
                ResponseUsage usage = null;
                if ("usage".equals(name)) {
                    usage = readUsage(p);
                } else if ("usageMetadata".equals(name) || "usage_metadata".equals(name)) {
                    usage = readUsageMetadata(p);
                } else if (depth < MAX_DEPTH && ("message".equals(name) || "response".equals(name))) {
                    readObject(p, found, depth + 1); // Anthropic message_start, Responses API response.completed
                } else {
                    p.skipChildren();
                }
                if (usage != null && usage.totalTokens >= 0) {
                    found[0] = usage;
                }
            } else {
                p.skipChildren();
            }
        }
    }

    private static ResponseUsage readUsage(JsonParser p) throws IOException {
        long total = -1;
        long prompt = -1;
        long completion = -1;
        long input = -1;
        long output = -1;
        long cacheCreation = -1;
        long cacheRead = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            long n = Json.nonNegativeLong(p, v);
            p.skipChildren();
            switch (name) {
                case "total_tokens":
                    total = n;
                    break;
                case "prompt_tokens":
                    prompt = n;
                    break;
                case "completion_tokens":
                    completion = n;
                    break;
                case "input_tokens":
                    input = n;
                    break;
                case "output_tokens":
                    output = n;
                    break;
                case "cache_creation_input_tokens":
                    cacheCreation = n;
                    break;
                case "cache_read_input_tokens":
                    cacheRead = n;
                    break;
                default:
                    break;
            }
        }
        if (prompt >= 0 || completion >= 0) {
            return new ResponseUsage(total >= 0 ? total : sum(prompt, completion, -1, -1), prompt, completion);
        }
        long inputs = input >= 0 ? sum(input, cacheCreation, cacheRead, -1) : -1;
        if (input >= 0 || output >= 0) {
            return new ResponseUsage(total >= 0 ? total : sum(input, output, cacheCreation, cacheRead), inputs, output);
        }
        return new ResponseUsage(total, -1, -1);
    }

    private static ResponseUsage readUsageMetadata(JsonParser p) throws IOException {
        long total = -1;
        long prompt = -1;
        long candidates = -1;
        long thoughts = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            long n = Json.nonNegativeLong(p, v);
            p.skipChildren();
            if ("totalTokenCount".equals(name) || "total_token_count".equals(name)) {
                total = n;
            } else if ("promptTokenCount".equals(name) || "prompt_token_count".equals(name)) {
                prompt = n;
            } else if ("candidatesTokenCount".equals(name) || "candidates_token_count".equals(name)) {
                candidates = n;
            } else if ("thoughtsTokenCount".equals(name) || "thoughts_token_count".equals(name)) {
                thoughts = n;
            }
        }
        if (total >= 0 || prompt >= 0 || candidates >= 0) {
            return new ResponseUsage(total >= 0 ? total : sum(prompt, candidates, thoughts, -1), prompt,
                    candidates >= 0 ? sum(candidates, thoughts, -1, -1) : -1);
        }
        return new ResponseUsage(-1, -1, -1);
    }

    /** The saturating sum of the non-negative arguments. */
    private static long sum(long a, long b, long c, long d) {
        return add(add(add(Math.max(a, 0), b), c), d);
    }

    private static long add(long s, long x) {
        if (x <= 0) {
            return s;
        }
        return s > Long.MAX_VALUE - x ? Long.MAX_VALUE : s + x;
    }
}
