package dev.llmguard.apache.hc5;

import dev.llmguard.apache.ApacheBridge;
import dev.llmguard.core.exchange.BlockingExchange;
import dev.llmguard.core.guard.PriorityRules;
import dev.llmguard.core.exchange.CallControl;
import dev.llmguard.core.exchange.LocalResponse;
import dev.llmguard.core.http.RequestInfo;
import dev.llmguard.core.http.ResponseInfo;
import java.io.IOException;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * One {@code doExecute(target, request, context)} of Apache HttpClient 5 as the core's retry loop
 * sees it. Each attempt is the client's public {@code execute(target, request, context)}, which
 * calls {@code doExecute} straight away; {@link ApacheBridge} lets that one through.
 */
final class Hc5Exchange implements BlockingExchange<CloseableHttpResponse> {
    private final CloseableHttpClient client;
    private final HttpHost target;
    private final ClassicHttpRequest request;
    private final HttpContext context;
    private final Hc5CallControl control;
    /** Set once the guard read the request: it owns the call, and takes over the client's retries. */
    private boolean owned;

    Hc5Exchange(CloseableHttpClient client, HttpHost target, ClassicHttpRequest request, HttpContext context) {
        this.client = client;
        this.target = target;
        this.request = request;
        this.context = context;
        this.control = new Hc5CallControl(request);
    }

    @Override
    public String host() {
        return Hc5Messages.host(target, request);
    }

    @Override
    public String path() {
        return Hc5Messages.path(request);
    }

    @Override
    public String header(String name) {
        Header h = request.getFirstHeader(name);
        return h == null ? null : h.getValue();
    }

    @Override
    public RequestInfo request(int maxBodyCaptureBytes) {
        RequestInfo info = Hc5Messages.request(target, request, maxBodyCaptureBytes);
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
        return Hc5Messages.response(response, maxJsonBodyBytes);
    }

    @Override
    public void discard(CloseableHttpResponse response) {
        Hc5Messages.discard(response);
    }

    @Override
    public CloseableHttpResponse answerLocally(LocalResponse local) {
        return Hc5Messages.localResponse(local);
    }
}
