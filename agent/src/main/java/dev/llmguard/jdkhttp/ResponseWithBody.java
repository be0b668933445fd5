package dev.llmguard.jdkhttp;

import dev.llmguard.core.fallback.RequestRewrite;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.net.ssl.SSLSession;

/** A response as the application gets it: everything of the attempt's response, with its own handler's body. */
final class ResponseWithBody<T> implements HttpResponse<T> {
    private final HttpResponse<?> response;
    private final T body;
    private final HttpHeaders headers;

    /** @param fallbackModel the model that served the call after a fallback, added as x-llm-guard-model; or null */
    ResponseWithBody(HttpResponse<?> response, T body, String fallbackModel) {
        this.response = response;
        this.body = body;
        this.headers = fallbackModel == null ? response.headers() : withModel(response.headers(), fallbackModel);
    }

    private static HttpHeaders withModel(HttpHeaders headers, String model) {
        Map<String, List<String>> map = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
        map.putAll(headers.map());
        map.put(RequestRewrite.MODEL_HEADER, Collections.singletonList(model));
        return HttpHeaders.of(map, (name, value) -> true);
    }

    @Override
    public int statusCode() {
        return response.statusCode();
    }

    @Override
    public HttpRequest request() {
        return response.request();
    }

    @Override
    public Optional<HttpResponse<T>> previousResponse() {
        return Optional.empty(); // the guard's attempts are not redirects: the application never saw them
    }

    @Override
    public HttpHeaders headers() {
        return headers;
    }

    @Override
    public T body() {
        return body;
    }

    @Override
    public Optional<SSLSession> sslSession() {
        return response.sslSession();
    }

    @Override
    public URI uri() {
        return response.uri();
    }

    @Override
    public HttpClient.Version version() {
        return response.version();
    }

    @Override
    public String toString() {
        return response.toString();
    }
}
