package dev.llmguard.jdkhttp;

import dev.llmguard.core.exchange.LocalResponse;
import dev.llmguard.core.http.Headers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.net.ssl.SSLSession;

/** The core's local answer (a refusal) as a JDK response to the application's request. */
final class LocalHttpResponse implements HttpResponse<AttemptBody> {
    private final HttpRequest request;
    private final LocalResponse local;
    private final HttpHeaders headers;

    LocalHttpResponse(HttpRequest request, LocalResponse local) {
        this.request = request;
        this.local = local;
        Map<String, List<String>> map = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
        Headers h = local.headers();
        for (int i = 0; i < h.size(); i++) {
            map.computeIfAbsent(h.name(i), k -> new ArrayList<String>()).add(h.value(i));
        }
        this.headers = HttpHeaders.of(map, (name, value) -> true);
    }

    @Override
    public int statusCode() {
        return local.status();
    }

    @Override
    public HttpRequest request() {
        return request;
    }

    @Override
    public Optional<HttpResponse<AttemptBody>> previousResponse() {
        return Optional.empty();
    }

    @Override
    public HttpHeaders headers() {
        return headers;
    }

    @Override
    public AttemptBody body() {
        return AttemptBody.held(local.body());
    }

    @Override
    public Optional<SSLSession> sslSession() {
        return Optional.empty();
    }

    @Override
    public URI uri() {
        return request.uri();
    }

    @Override
    public HttpClient.Version version() {
        return HttpClient.Version.HTTP_1_1;
    }

    @Override
    public String toString() {
        return "(" + request.method() + " " + request.uri() + ") " + local.status() + " (llm-guard)";
    }
}
