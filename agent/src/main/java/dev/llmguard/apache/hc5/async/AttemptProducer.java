package dev.llmguard.apache.hc5.async;

import dev.llmguard.apache.ApacheBridge;
import dev.llmguard.core.guard.PriorityRules;
import java.io.IOException;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.apache.hc.core5.http.nio.RequestChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * What each attempt sends: the head read once, and the body the application's producer makes
 * again after each {@code releaseResources()} (the client calls it as every attempt ends), so a
 * repeatable producer is sent byte for byte each time.
 */
final class AttemptProducer implements AsyncRequestProducer {
    private final ProducedRequest request;

    AttemptProducer(ProducedRequest request) {
        this.request = request;
    }

    @Override
    public void sendRequest(RequestChannel channel, HttpContext context) throws HttpException, IOException {
        // the client runs its exec chain down to the connection lease inside this call: the head,
        // named on this thread, passes the async retry step once (AsyncHttpRequestRetryExec)
        request.head.removeHeaders(PriorityRules.HEADER); // read when the call began; it is for the guard alone
        Object outer = ApacheBridge.beginAttempt(request.head, true);
        try {
            channel.sendRequest(request.head, request.entity, context);
        } finally {
            ApacheBridge.endAttempt(outer);
        }
    }

    @Override
    public boolean isRepeatable() {
        return request.producer.isRepeatable();
    }

    @Override
    public int available() {
        return request.producer.available();
    }

    @Override
    public void produce(DataStreamChannel channel) throws IOException {
        request.producer.produce(channel);
    }

    @Override
    public void failed(Exception cause) {
        request.producer.failed(cause);
    }

    @Override
    public void releaseResources() {
        request.producer.releaseResources();
    }
}
