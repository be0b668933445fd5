package dev.llmguard.apache.hc5.async;

import dev.llmguard.apache.ApacheBridge;
import dev.llmguard.core.body.HeldBody;
import dev.llmguard.apache.hc5.Hc5Messages;
import dev.llmguard.core.exchange.AsyncExchange;
import dev.llmguard.core.exchange.CallControl;
import dev.llmguard.core.exchange.LocalResponse;
import dev.llmguard.core.http.RequestInfo;
import dev.llmguard.core.http.ResponseInfo;
import java.util.concurrent.Future;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.nio.AsyncPushConsumer;
import org.apache.hc.core5.http.nio.HandlerFactory;

/**
 * One {@code doExecute} of Apache HttpClient 5's async client as the core's asynchronous loop
 * sees it. Each attempt is the client's public {@code execute}, with the guard's producer
 * ({@link AttemptProducer}) and consumer ({@link AttemptResponse}) around the application's; the
 * bridge lets that producer through {@code doExecute}, and the client's exec chain sends it.
 */
final class Hc5AsyncExchange implements AsyncExchange<AttemptResponse> {
    private final CloseableHttpAsyncClient client;
    private final HttpHost target;
    private final ProducedRequest request;
    private final AttemptProducer producer;
    private final HandlerFactory<AsyncPushConsumer> pushHandlerFactory;
    private final GuardedCall<?> call;
    private volatile int maxHeldBytes = HeldBody.ERROR_BODY_PEEK_BYTES;
    private volatile Future<?> inFlight;
    private volatile boolean canceled;

    Hc5AsyncExchange(CloseableHttpAsyncClient client, HttpHost target, ProducedRequest request,
                     HandlerFactory<AsyncPushConsumer> pushHandlerFactory, GuardedCall<?> call) {
        this.client = client;
        this.target = target;
        this.request = request;
        this.producer = new AttemptProducer(request);
        this.pushHandlerFactory = pushHandlerFactory;
        this.call = call;
    }

    @Override
    public String host() {
        return Hc5Messages.host(target, request.head);
    }

    @Override
    public String path() {
        return Hc5Messages.path(request.head);
    }

    @Override
    public String header(String name) {
        Header h = request.head.getFirstHeader(name);
        return h == null ? null : h.getValue();
    }

    @Override
    public RequestInfo request(int maxBodyCaptureBytes) {
        maxHeldBytes = maxBodyCaptureBytes;
        return request.info(target, maxBodyCaptureBytes);
    }

    @Override
    public CallControl control() {
        return call;
    }

    @Override
    public void send(AttemptCallback<AttemptResponse> callback) {
        AttemptResponse attempt = new AttemptResponse(call, maxHeldBytes, callback);
        Future<Void> sent;
        Object outer = ApacheBridge.beginAttempt(producer, true);
        try {
            sent = client.execute(target, producer, attempt, pushHandlerFactory, call.context, attempt.outcome());
        } finally {
            ApacheBridge.endAttempt(outer);
        }
        inFlight = sent;
        if (canceled) {
            sent.cancel(true);
        }
    }

    @Override
    public void cancelAttempt() {
        canceled = true;
        Future<?> attempt = inFlight;
        if (attempt != null) {
            attempt.cancel(true);
        }
    }

    @Override
    public ResponseInfo view(AttemptResponse response, int maxJsonBodyBytes) {
        return response.info();
    }

    @Override
    public void discard(AttemptResponse response) {
        response.discard();
    }

    @Override
    public AttemptResponse answerLocally(LocalResponse local) {
        return AttemptResponse.local(call, local);
    }
}
