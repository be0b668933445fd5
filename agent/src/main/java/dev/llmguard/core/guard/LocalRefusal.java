package dev.llmguard.core.guard;

import dev.llmguard.core.exchange.LocalResponse;
import dev.llmguard.core.http.Headers;
import dev.llmguard.core.throttle.Admission;

/**
 * The 429 the guard answers itself when a request's quota would make it wait too long: shaped
 * like OpenAI's error, with Retry-After, and marked {@code x-llm-guard: refused} so it is never
 * mistaken for the provider's. Every adapter answers with this one.
 */
public final class LocalRefusal {
    public static final String MARKER_HEADER = "x-llm-guard";

    private LocalRefusal() {
    }

    public static LocalResponse of(Admission admission) {
        long millis = admission.refusalWaitMillis();
        long seconds = Math.max(1, (millis + 999) / 1000);
        String type = admission.limitType() == null ? "requests" : admission.limitType();
        String message = "Refused locally by llm-guard: waiting for " + admission.refusalReason()
                + " would take longer than allowed (llmguard.throttle.max-wait). Please try again in " + seconds + "s.";
        String body = "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type
                + "\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}";
        Headers headers = Headers.of(
                "retry-after", Long.toString(seconds),
                "retry-after-ms", Long.toString(millis),
                MARKER_HEADER, "refused",
                "content-type", "application/json");
        return new LocalResponse(429, "Too Many Requests", headers, body);
    }
}
