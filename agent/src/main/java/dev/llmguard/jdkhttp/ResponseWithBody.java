package dev.llmguard.jdkhttp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/** A response as the application gets it: everything of the attempt's response, with its own handler's body. */
final class ResponseWithBody<T> implements HttpResponse<T> {
    private final HttpResponse<?> response;
    private final T body;

    ResponseWithBody(HttpResponse<?> response, T body) {
        this.response = response;
        this.body = body;
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
        return response.headers();
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
