package dev.llmguard.apache.hc5.async;

import dev.llmguard.apache.ApacheAsyncBridge;
import dev.llmguard.apache.ApacheBridge;
import dev.llmguard.config.GuardConfig;
import dev.llmguard.contract.FutureAdapterContract;
import dev.llmguard.core.events.GuardEvents;
import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.log.GuardLog;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.entity.BasicAsyncEntityProducer;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.io.CloseMode;
import org.junit.jupiter.api.AfterEach;

/**
 * Apache HttpClient 5's async client (5.1, the oldest supported API) under the contract, without
 * the agent: the test calls the bridge as the advice in {@code doExecute} does. The client is built
 * without its retry step, which is what the retry-step advice makes of every guarded call. The
 * application holds the client's Future; cancelling it stops the call.
 */
class Hc5AsyncContractTest extends FutureAdapterContract {
    final CloseableHttpAsyncClient client = HttpAsyncClients.custom().disableAutomaticRetries().build();

    Hc5AsyncContractTest() {
        client.start();
    }

    @AfterEach
    void closeClient() {
        client.close(CloseMode.IMMEDIATE);
    }

    @Override
    protected void activate(GuardConfig config) {
        RequestGuard guard = new RequestGuard(config, new GuardEvents(GuardLog.create(GuardConfig.LogLevel.WARN)));
        ApacheBridge.activate(guard, null);
        ApacheAsyncBridge.activate(guard);
    }

    @Override
    protected void deactivate() {
        ApacheBridge.activate(null, null);
        ApacheAsyncBridge.activate(null);
    }

    @Override
    protected boolean hasCallTimeout() {
        return false;
    }

    @Override
    protected Running start(AppCall call) {
        Future<SimpleHttpResponse> future = execute(producer(url(call.path), call.body, call.oneShot), SimpleResponseConsumer.create(), null);
        return runningFuture(future, Hc5AsyncContractTest::seen);
    }

    /** What {@code client.execute(producer, consumer, callback)} does with the agent in place. */
    @SuppressWarnings("unchecked")
    <T> Future<T> execute(AsyncRequestProducer producer, AsyncResponseConsumer<T> consumer, FutureCallback<T> callback) {
        Object guarded = ApacheAsyncBridge.execute(client, null, producer, consumer, null, null, callback);
        return guarded != null ? (Future<T>) guarded : client.execute(producer, consumer, null, null, callback);
    }

    static AsyncRequestProducer producer(String url, byte[] body, boolean oneShot) {
        BasicAsyncEntityProducer entity = oneShot ? new OneShotEntity(body) : new BasicAsyncEntityProducer(body, ContentType.APPLICATION_JSON);
        return new BasicRequestProducer(Method.POST, URI.create(url), entity);
    }

    static Seen seen(SimpleHttpResponse response) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : response.getHeaders()) {
            headers.putIfAbsent(h.getName(), h.getValue());
        }
        return new Seen(response.getCode(), response.getBodyText(), headers);
    }

    /** A body the client cannot produce again (a stream, as far as the guard can tell). */
    static final class OneShotEntity extends BasicAsyncEntityProducer {
        OneShotEntity(byte[] body) {
            super(body, ContentType.APPLICATION_JSON);
        }

        @Override
        public boolean isRepeatable() {
            return false;
        }
    }

    /** Counts a callback's calls, whichever they are. */
    static final class CountingCallback<T> implements FutureCallback<T> {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void completed(T result) {
            calls.incrementAndGet();
        }

        @Override
        public void failed(Exception ex) {
            calls.incrementAndGet();
        }

        @Override
        public void cancelled() {
            calls.incrementAndGet();
        }
    }
}
