package dev.llmguard.jdkhttp;

import dev.llmguard.core.guard.PriorityRules;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The application's request with the body the guard sends in its place (JDK 11 has no copying builder; 16's would do). */
final class RequestCopy {
    private RequestCopy() {
    }

    static HttpRequest withBody(HttpRequest request, HttpRequest.BodyPublisher body) {
        return copy(request, body, request.timeout().orElse(null));
    }

    /** A later attempt: the same body publisher (one the JDK replays), with what is left of the call's timeout. */
    static HttpRequest withTimeout(HttpRequest request, Duration timeout) {
        return copy(request, request.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody()), timeout);
    }

    /** The request sent to another URI (a model fallback), with {@code body} in place of its own unless null. */
    static HttpRequest to(HttpRequest request, URI uri, HttpRequest.BodyPublisher body) {
        return copy(request, uri, body != null ? body : request.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody()),
                request.timeout().orElse(null));
    }

    /** {@code request} as it is sent: without the guard's own x-llm-guard-priority, which is for the guard alone. */
    static HttpRequest sent(HttpRequest request) {
        if (!request.headers().firstValue(PriorityRules.HEADER).isPresent()) {
            return request;
        }
        return copy(request, request.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody()), request.timeout().orElse(null));
    }

    private static HttpRequest copy(HttpRequest request, HttpRequest.BodyPublisher body, Duration timeout) {
        return copy(request, request.uri(), body, timeout);
    }

    private static HttpRequest copy(HttpRequest request, URI uri, HttpRequest.BodyPublisher body, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .expectContinue(request.expectContinue())
                .method(request.method(), body);
        if (timeout != null) {
            b.timeout(timeout);
        }
        if (request.version().isPresent()) {
            b.version(request.version().get());
        }
        for (Map.Entry<String, List<String>> header : request.headers().map().entrySet()) {
            if (header.getKey().equalsIgnoreCase(PriorityRules.HEADER)) {
                continue; // for the guard alone
            }
            for (String value : header.getValue()) {
                b.header(header.getKey(), value); // the JDK accepted these names when the application built the request
            }
        }
        return b.build();
    }
}
