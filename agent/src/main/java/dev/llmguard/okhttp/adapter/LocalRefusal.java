package dev.llmguard.okhttp.adapter;

import dev.llmguard.core.throttle.Admission;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The 429 the guard answers itself when a request's quota would make it wait too long: shaped
 * like OpenAI's, with Retry-After, and marked {@code x-llm-guard: refused} so it is never mistaken
 * for the provider's.
 */
final class LocalRefusal {
    static final String MARKER_HEADER = "x-llm-guard";

    private LocalRefusal() {
    }

    static Response response(Request request, Admission admission) {
        long millis = admission.refusalWaitMillis();
        long seconds = Math.max(1, (millis + 999) / 1000);
        String type = admission.limitType() == null ? "requests" : admission.limitType();
        String message = "Refused locally by llm-guard: waiting for " + admission.refusalReason()
                + " would take longer than allowed (llmguard.throttle.max-wait). Please try again in " + seconds + "s.";
        String body = "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type
                + "\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}";
        long now = System.currentTimeMillis();
        return new Response.Builder()
                .request(request)
                .protocol(Protocol.HTTP_1_1)
                .code(429)
                .message("Too Many Requests")
                .header("retry-after", Long.toString(seconds))
                .header("retry-after-ms", Long.toString(millis))
                .header(MARKER_HEADER, "refused")
                .header("content-type", "application/json")
                .body(ResponseBody.create(MediaType.parse("application/json"), body))
                .sentRequestAtMillis(now)
                .receivedResponseAtMillis(now)
                .build();
    }
}
