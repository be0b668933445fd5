package dev.llmguard.it.support;

import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;

/** Responses shaped like OpenAI's or Anthropic's, for the official SDKs to parse. Waits are short so tests stay fast. */
public enum Provider {
    OPENAI("x-request-id"),
    ANTHROPIC("request-id");

    private static final String[] PIECES = {"canary-", "response-", "Pw42Ly"};

    private final String requestIdHeader;

    Provider(String requestIdHeader) {
        this.requestIdHeader = requestIdHeader;
    }

    /** The header the SDK's exceptions expose as the request id. */
    public String requestIdHeader() {
        return requestIdHeader;
    }

    public MockResponse ok(String requestId) {
        String body = this == OPENAI
                ? "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"" + Canaries.RESPONSE + "\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3,\"total_tokens\":8}}"
                : "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-test\",\"content\":[{\"type\":\"text\",\"text\":\""
                        + Canaries.RESPONSE + "\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":3}}";
        return json(200, requestId, body);
    }

    /** A retryable 429 asking for a short wait. */
    public MockResponse rateLimited(String requestId) {
        String body = this == OPENAI
                ? "{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 500, Used 500, Requested 1."
                        + " Please try again in 30ms.\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}"
                : "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"This request would exceed the rate limit"
                        + " for your organization of 50 requests per minute.\"},\"request_id\":\"" + requestId + "\"}";
        return json(429, requestId, body).setHeader("retry-after-ms", "30");
    }

    /** OpenAI 503 server_is_overloaded, Anthropic 529 overloaded_error. */
    public MockResponse overloaded(String requestId) {
        return this == OPENAI
                ? json(503, requestId, "{\"error\":{\"message\":\"The server is overloaded.\",\"type\":\"server_error\",\"param\":null,"
                        + "\"code\":\"server_is_overloaded\"}}")
                : json(529, requestId, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"},"
                        + "\"request_id\":\"" + requestId + "\"}");
    }

    /** The account's quota or budget is exhausted: OpenAI insufficient_quota, Anthropic enforced_spend_limit_reached. */
    public MockResponse quotaExhausted(String requestId) {
        String body = this == OPENAI
                ? "{\"error\":{\"message\":\"You exceeded your current quota, please check your plan and billing details.\","
                        + "\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}"
                : "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"You have reached your specified workspace"
                        + " API usage limits.\",\"details\":{\"error_code\":\"enforced_spend_limit_reached\"}},\"request_id\":\"" + requestId + "\"}";
        return json(429, requestId, body);
    }

    /** A whole server-sent event stream whose text is {@link Canaries#RESPONSE}. */
    public MockResponse stream(String requestId) {
        return new MockResponse().setResponseCode(200).setHeader("content-type", "text/event-stream")
                .setHeader(requestIdHeader, requestId).setBody(events(1));
    }

    /** A 200 stream that breaks midway: the connection drops after half of the events. */
    public MockResponse brokenStream(String requestId) {
        return stream(requestId).setBody(events(20)).setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY);
    }

    private String events(int repeat) {
        StringBuilder sb = new StringBuilder();
        if (this == OPENAI) {
            for (int r = 0; r < repeat; r++) {
                for (String piece : PIECES) {
                    sb.append("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
                            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"").append(piece).append("\"},\"finish_reason\":null}]}\n\n");
                }
            }
            sb.append("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\","
                    + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
            sb.append("data: [DONE]\n\n");
            return sb.toString();
        }
        event(sb, "message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude-test\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}");
        event(sb, "content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
        for (int r = 0; r < repeat; r++) {
            for (String piece : PIECES) {
                event(sb, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + piece + "\"}}");
            }
        }
        event(sb, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
        event(sb, "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                + "\"usage\":{\"output_tokens\":3}}");
        event(sb, "message_stop", "{\"type\":\"message_stop\"}");
        return sb.toString();
    }

    private static void event(StringBuilder sb, String name, String data) {
        sb.append("event: ").append(name).append('\n').append("data: ").append(data).append("\n\n");
    }

    private MockResponse json(int status, String requestId, String body) {
        return new MockResponse().setResponseCode(status).setHeader("content-type", "application/json")
                .setHeader(requestIdHeader, requestId).setBody(body);
    }
}
