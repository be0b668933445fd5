package dev.llmguard.core.guard;

import dev.llmguard.core.exchange.LocalResponse;
import dev.llmguard.core.http.Headers;
import dev.llmguard.core.resilience.CircuitPermit;
import dev.llmguard.core.throttle.Admission;

/**
 * The responses the guard answers itself: a 429 when a request's quota would make it wait too long,
 * a 503 while its circuit is open. Shaped like OpenAI's errors, with Retry-After, and marked with
 * {@code x-llm-guard} ({@code refused}, {@code circuit-open}) so they are never mistaken for the
 * provider's. Every adapter answers with these.
 */
public final class LocalRefusal {
    public static final String MARKER_HEADER = "x-llm-guard";

    private LocalRefusal() {
    }

    public static LocalResponse of(Admission admission) {
        long millis = admission.refusalWaitMillis();
        String type = admission.limitType() == null ? "requests" : admission.limitType();
        String message = "Refused locally by llm-guard: waiting for " + admission.refusalReason()
                + " would take longer than allowed (llmguard.throttle.max-wait). Please try again in " + seconds(millis) + "s.";
        return error(429, "Too Many Requests", millis, "refused", message, type, "rate_limit_exceeded");
    }

    /** The answer while the call's circuit is open: the provider kept failing, so the call is not sent. */
    public static LocalResponse circuitOpen(CircuitPermit permit) {
        long millis = permit.retryAfterMillis();
        String message = "Answered locally by llm-guard: the last calls to this host and model failed, so calls are"
                + " not sent for a while (llmguard.breaker.*). Please try again in " + seconds(millis) + "s.";
        return error(503, "Service Unavailable", millis, "circuit-open", message, "server_error", "circuit_open");
    }

    private static LocalResponse error(int status, String reason, long retryAfterMillis, String marker, String message,
                                       String type, String code) {
        String body = "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type
                + "\",\"param\":null,\"code\":\"" + code + "\"}}";
        Headers headers = Headers.of(
                "retry-after", Long.toString(seconds(retryAfterMillis)),
                "retry-after-ms", Long.toString(retryAfterMillis),
                MARKER_HEADER, marker,
                "content-type", "application/json");
        return new LocalResponse(status, reason, headers, body);
    }

    /** Whole seconds for Retry-After, rounded up, at least 1. */
    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
