package dev.llmguard.it.support;

import okhttp3.mockwebserver.MockResponse;

/** Responses shaped like OpenAI's, for MockWebServer. */
public final class OpenAiResponses {
    private OpenAiResponses() {
    }

    public static MockResponse ok() {
        return new MockResponse().setResponseCode(200).setHeader("content-type", "application/json")
                .setHeader("x-request-id", "req_ok")
                .setBody("{\"id\":\"chatcmpl-1\",\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\""
                        + Canaries.RESPONSE + "\"}}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3,\"total_tokens\":8}}");
    }

    public static MockResponse rateLimited() {
        return new MockResponse().setResponseCode(429).setHeader("content-type", "application/json")
                .setHeader("x-request-id", "req_429")
                .setHeader("x-ratelimit-limit-requests", "500")
                .setHeader("x-ratelimit-remaining-requests", "0")
                .setHeader("x-ratelimit-reset-requests", "120ms")
                .setHeader("x-ratelimit-limit-tokens", "30000")
                .setHeader("x-ratelimit-remaining-tokens", "29000")
                .setHeader("x-ratelimit-reset-tokens", "2s")
                .setBody("{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini in organization org-x on requests per min (RPM): "
                        + "Limit 500, Used 500, Requested 1. Please try again in 120ms.\",\"type\":\"requests\",\"param\":null,"
                        + "\"code\":\"rate_limit_exceeded\"}}");
    }

    public static MockResponse status(int code) {
        return new MockResponse().setResponseCode(code).setHeader("content-type", "application/json")
                .setBody("{\"error\":{\"message\":\"status " + code + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
    }
}
