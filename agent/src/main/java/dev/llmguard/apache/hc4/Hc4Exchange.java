package dev.llmguard.apache.hc4;

import dev.llmguard.apache.ApacheBridge;
import dev.llmguard.core.exchange.BlockingExchange;
import dev.llmguard.core.guard.PriorityRules;
import dev.llmguard.core.exchange.CallControl;
import dev.llmguard.core.exchange.LocalResponse;
import dev.llmguard.core.http.RequestInfo;
import dev.llmguard.core.http.ResponseInfo;
import java.io.IOException;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.protocol.HttpContext;

/**
 * One {@code doExecute(target, request, context)} of Apache HttpClient 4 as the core's retry loop
 * sees it. Each attempt is the client's public {@code execute(target, request, context)}, which
 * calls {@code doExecute} straight away; {@link ApacheBridge} lets that one through.
 */
final class Hc4Exchange implements BlockingExchange<CloseableHttpResponse> {
    private final CloseableHttpClient client;
    private final HttpHost target;
    private final HttpRequest request;
    private final HttpContext context;
    private final Hc4CallControl control;
    /** Set once the guard read the request: it owns the call, and takes over the client's retries. */
    private boolean owned;

    Hc4Exchange(CloseableHttpClient client, HttpHost target, HttpRequest request, HttpContext context) {
        this.client = client;
        this.target = target;
        this.request = request;
        this.context = context;
        this.control = new Hc4CallControl(request);
    }

    @Override
    public String host() {
        return Hc4Messages.host(target, request);
    }

    @Override
    public String path() {
        return Hc4Messages.path(request);
    }

    @Override
    public String header(String name) {
        Header h = request.getFirstHeader(name);
        return h == null ? null : h.getValue();
    }

    @Override
    public RequestInfo request(int maxBodyCaptureBytes) {
        RequestInfo info = Hc4Messages.request(target, request, maxBodyCaptureBytes);
        owned = true;
        return info;
    }

    @Override
    public CallControl control() {
        return control;
    }

    @Override
    public CloseableHttpResponse send() throws IOException {
        request.removeHeaders(PriorityRules.HEADER); // read when the call began; it is for the guard alone
        Object outer = ApacheBridge.beginAttempt(request, owned);
        try {
            return client.execute(target, request, context);
        } finally {
            ApacheBridge.endAttempt(outer);
        }
    }

    @Override
    public ResponseInfo view(CloseableHttpResponse response, int maxJsonBodyBytes) {
        return Hc4Messages.response(response, maxJsonBodyBytes);
    }

    @Override
    public void discard(CloseableHttpResponse response) {
        Hc4Messages.discard(response);
    }

    @Override
    public CloseableHttpResponse answerLocally(LocalResponse local) {
        return new Hc4LocalResponse(local);
    }
}
