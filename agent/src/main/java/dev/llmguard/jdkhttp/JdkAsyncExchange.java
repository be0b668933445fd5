package dev.llmguard.jdkhttp;

import dev.llmguard.core.exchange.AsyncExchange;
import dev.llmguard.core.exchange.CallControl;
import dev.llmguard.core.exchange.LocalResponse;
import dev.llmguard.core.http.Headers;
import dev.llmguard.core.http.RequestInfo;
import dev.llmguard.core.http.ResponseInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One JDK client call as the core's asynchronous loop sees it. Each attempt goes out through the
 * client's public {@code sendAsync} with the guard's {@link AttemptBodyHandler} around the
 * application's; the advice lets those through ({@link JdkHttpGuard#sendingAttempt}).
 */
final class JdkAsyncExchange implements AsyncExchange<HttpResponse<AttemptBody>> {
    private final HttpClient client;
    private final HttpRequest request;
    /** What each attempt sends: the application's request, or a copy with a body the guard holds. */
    private volatile HttpRequest attemptRequest;
    /** The application's body publisher failed while the guard read it: the call fails with that. */
    private volatile IOException bodyFailure;
    private final HttpResponse.BodyHandler<?> handler;
    private final int maxHeldBytes;
    final JdkCallControl control;
    private volatile CompletableFuture<HttpResponse<AttemptBody>> inFlight;
    private volatile boolean sentBefore;
    /** The fallback model the call went on with, for the responses' x-llm-guard-model; null while on its own. */
    private volatile String fallbackModel;

    JdkAsyncExchange(HttpClient client, HttpRequest request, HttpResponse.BodyHandler<?> handler, int maxHeldBytes) {
        this.client = client;
        this.request = request;
        this.attemptRequest = request;
        this.handler = handler;
        this.maxHeldBytes = maxHeldBytes;
        this.control = new JdkCallControl(request);
    }

    @Override
    public String host() {
        return request.uri().getHost();
    }

    @Override
    public String path() {
        return request.uri().getRawPath();
    }

    @Override
    public String header(String name) {
        return request.headers().firstValue(name).orElse(null);
    }

    @Override
    public RequestInfo request(int maxBodyCaptureBytes) {
        URI uri = request.uri();
        RequestInfo.Builder b = RequestInfo.builder()
                .method(request.method())
                .scheme(uri.getScheme())
                .host(uri.getHost())
                .port(uri.getPort())
                .path(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                .query(uri.getRawQuery())
                .headers(headers(request.headers().map()));
        HttpRequest.BodyPublisher publisher = request.bodyPublisher().orElse(null);
        if (publisher == null) {
            return b.bodyLength(0).build();
        }
        if (RequestBodies.adapted(publisher, maxBodyCaptureBytes)) {
            try {
                HeldOrResumed read = HeldOrResumed.read(publisher, maxBodyCaptureBytes, RequestBodies.READ_WAIT_MILLIS);
                if (read.failure() != null) {
                    bodyFailure = read.failure() instanceof IOException ? (IOException) read.failure() : new IOException(read.failure());
                    return b.bodyReplayable(false).bodyLength(publisher.contentLength()).build();
                }
                byte[] held = read.held();
                if (held != null) {
                    attemptRequest = RequestCopy.withBody(request, HttpRequest.BodyPublishers.ofByteArray(held));
                    return b.bodyReplayable(true).bodyLength(held.length).body(held).build();
                }
                attemptRequest = RequestCopy.withBody(request, read.resumed());
                return b.bodyReplayable(false).bodyLength(-1).build();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                bodyFailure = new java.io.InterruptedIOException("interrupted while reading the request body");
                return b.bodyReplayable(false).bodyLength(publisher.contentLength()).build();
            }
        }
        boolean replayable = RequestBodies.replayable(publisher);
        b.bodyReplayable(replayable).bodyLength(publisher.contentLength());
        if (replayable) {
            b.body(RequestBodies.read(publisher, maxBodyCaptureBytes));
        }
        return b.build();
    }

    @Override
    public CallControl control() {
        return control;
    }

    @Override
    public void send(final AttemptCallback<HttpResponse<AttemptBody>> callback) {
        if (bodyFailure != null) {
            callback.onFailure(bodyFailure);
            return;
        }
        CompletableFuture<HttpResponse<AttemptBody>> attempt;
        JdkHttpGuard.sendingAttempt(true);
        try {
            attempt = client.sendAsync(nextAttempt(), new AttemptBodyHandler(handler, maxHeldBytes));
        } finally {
            JdkHttpGuard.sendingAttempt(false);
        }
        inFlight = attempt;
        attempt.whenComplete((response, failure) -> {
            if (failure == null) {
                callback.onResponse(response);
            } else {
                callback.onFailure(failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure);
            }
        });
    }

    /** HttpRequest.timeout() bounds the whole call: a later attempt gets only what is left of it. */
    private HttpRequest nextAttempt() {
        HttpRequest r = attemptRequest;
        long left = control.remainingMillis();
        if (sentBefore && left != Long.MAX_VALUE) {
            r = RequestCopy.withTimeout(r, java.time.Duration.ofMillis(Math.max(1, left)));
        }
        sentBefore = true;
        return RequestCopy.sent(r);
    }

    @Override
    public boolean canRetarget() {
        return true;
    }

    @Override
    public void retarget(String path, byte[] body, String model) {
        HttpRequest current = attemptRequest;
        URI uri = current.uri();
        URI target = URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + path
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        attemptRequest = RequestCopy.to(current, target, body == null ? null : HttpRequest.BodyPublishers.ofByteArray(body));
        fallbackModel = model;
    }

    /** The fallback model the call went on with, or null. */
    String fallbackModel() {
        return fallbackModel;
    }

    @Override
    public void cancelAttempt() {
        CompletableFuture<HttpResponse<AttemptBody>> attempt = inFlight;
        if (attempt != null) {
            attempt.cancel(true);
        }
    }

    @Override
    public ResponseInfo view(HttpResponse<AttemptBody> response, int maxJsonBodyBytes) {
        AttemptBody body = response.body();
        byte[] errorBody = body != null && body.isHeld() && response.statusCode() >= 400 ? body.heldBytes() : null;
        return new ResponseInfo(response.statusCode(), headers(response.headers().map()), errorBody, null,
                body == null ? null : body.usageTap());
    }

    @Override
    public void discard(HttpResponse<AttemptBody> response) {
        AttemptBody body = response.body();
        if (body != null && body.applicationsBody() instanceof AutoCloseable) {
            try {
                ((AutoCloseable) body.applicationsBody()).close(); // a stream nobody will read: its connection goes back
            } catch (Exception ignored) {
                // closing is all that was wanted
            }
        }
    }

    @Override
    public HttpResponse<AttemptBody> answerLocally(LocalResponse local) {
        return new LocalHttpResponse(request, local);
    }

    private static Headers headers(Map<String, List<String>> map) {
        Headers.Builder b = Headers.builder();
        for (Map.Entry<String, List<String>> e : map.entrySet()) {
            for (String v : e.getValue()) {
                b.add(e.getKey(), v);
            }
        }
        return b.build();
    }
}
