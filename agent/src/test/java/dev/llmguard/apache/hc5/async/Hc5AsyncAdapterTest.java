package dev.llmguard.apache.hc5.async;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.apache.ApacheAsyncBridge;
import dev.llmguard.apache.ApacheBridge;
import dev.llmguard.config.GuardConfig;
import dev.llmguard.core.events.GuardEvents;
import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.log.GuardLog;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecRuntime;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.apache.hc.core5.http.nio.RequestChannel;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the async adapter does beyond the contract: SimpleHttpRequest calls, the application's
 * callback heard once, streams passed on as they come and cancelled mid-way, producers it cannot
 * read left alone, and the retry step's hand-over.
 */
class Hc5AsyncAdapterTest {
    private static final String BODY = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private final Hc5AsyncContractTest calls = new Hc5AsyncContractTest();
    private MockWebServer server;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        RequestGuard guard = new RequestGuard(GuardConfig.builder().retryBaseDelayMillis(10).retryMaxDelayMillis(50).strict(true).build(),
                new GuardEvents(GuardLog.create(GuardConfig.LogLevel.WARN)));
        ApacheBridge.activate(guard, null);
        ApacheAsyncBridge.activate(guard);
    }

    @AfterEach
    void stop() throws Exception {
        ApacheBridge.activate(null, null);
        ApacheAsyncBridge.activate(null);
        calls.closeClient();
        server.shutdown();
    }

    @Test
    void aSimpleHttpRequestIsRetriedWithTheSameBytesAndTheCallbackHearsOnce() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("retry-after-ms", "20").setBody("{\"error\":{}}"));
        server.enqueue(new MockResponse().setResponseCode(200).setHeader("x-request-id", "req_2").setBody("done"));
        SimpleHttpRequest request = SimpleHttpRequest.create("POST", server.url("/v1/chat/completions").toString());
        request.setBody(BODY, ContentType.APPLICATION_JSON);
        Hc5AsyncContractTest.CountingCallback<SimpleHttpResponse> callback = new Hc5AsyncContractTest.CountingCallback<>();

        SimpleHttpResponse response = calls.execute(SimpleRequestProducer.create(request), SimpleResponseConsumer.create(), callback)
                .get(10, TimeUnit.SECONDS);

        assertThat(response.getCode()).isEqualTo(200);
        assertThat(response.getBodyText()).isEqualTo("done");
        assertThat(response.getFirstHeader("x-request-id").getValue()).isEqualTo("req_2");
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(server.takeRequest().getBody().readUtf8()).isEqualTo(BODY);
        assertThat(server.takeRequest().getBody().readUtf8()).isEqualTo(BODY);
        Thread.sleep(100);
        assertThat(callback.calls).hasValue(1);
    }

    @Test
    void theCallbackHearsOnceWhenTheCallFails() throws Exception {
        server.shutdown(); // nothing listens: every attempt fails to connect
        Hc5AsyncContractTest.CountingCallback<SimpleHttpResponse> callback = new Hc5AsyncContractTest.CountingCallback<>();
        Future<SimpleHttpResponse> future = calls.execute(
                Hc5AsyncContractTest.producer(server.url("/v1/chat/completions").toString(), BODY.getBytes(StandardCharsets.UTF_8), false),
                SimpleResponseConsumer.create(), callback);

        Throwable failure = null;
        try {
            future.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            failure = e.getCause();
        }
        assertThat(failure).isInstanceOf(java.io.IOException.class);
        Thread.sleep(100);
        assertThat(callback.calls).hasValue(1);
    }

    @Test
    void aStreamedSuccessReachesTheApplicationAsItComes() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(200).setHeader("content-type", "text/event-stream")
                .setChunkedBody(sse(8), 16).throttleBody(64, 150, TimeUnit.MILLISECONDS));
        StreamConsumer consumer = new StreamConsumer();

        Future<String> future = calls.execute(
                Hc5AsyncContractTest.producer(server.url("/v1/chat/completions").toString(), BODY.getBytes(StandardCharsets.UTF_8), false),
                consumer, null);

        assertThat(consumer.firstBytes.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(future.isDone()).as("the first event arrived before the stream ended").isFalse();
        assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo(sse(8));
    }

    @Test
    void cancellingAStreamTheApplicationReadsStopsIt() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(200).setHeader("content-type", "text/event-stream")
                .setChunkedBody(sse(200), 16).throttleBody(64, 200, TimeUnit.MILLISECONDS));
        StreamConsumer consumer = new StreamConsumer();
        Hc5AsyncContractTest.CountingCallback<String> callback = new Hc5AsyncContractTest.CountingCallback<>();
        Future<String> future = calls.execute(
                Hc5AsyncContractTest.producer(server.url("/v1/chat/completions").toString(), BODY.getBytes(StandardCharsets.UTF_8), false),
                consumer, callback);
        assertThat(consumer.firstBytes.await(5, TimeUnit.SECONDS)).isTrue();

        future.cancel(true);

        assertThat(consumer.released.await(5, TimeUnit.SECONDS)).as("the consumer's resources released").isTrue();
        int seen = consumer.bytes();
        Thread.sleep(600);
        assertThat(consumer.bytes()).as("no more of the stream once cancelled").isEqualTo(seen);
        assertThat(future.isCancelled()).isTrue();
        assertThat(callback.calls).hasValue(1);
    }

    @Test
    void aProducerOfAnotherKindIsLeftToTheClient() {
        AsyncRequestProducer custom = new AsyncRequestProducer() {
            @Override
            public void sendRequest(RequestChannel channel, HttpContext context) {
                throw new AssertionError("read by the guard");
            }

            @Override
            public boolean isRepeatable() {
                return true;
            }

            @Override
            public void failed(Exception cause) {
            }

            @Override
            public int available() {
                return 0;
            }

            @Override
            public void produce(DataStreamChannel channel) {
            }

            @Override
            public void releaseResources() {
            }
        };
        assertThat(ApacheAsyncBridge.execute(calls.client, null, custom, SimpleResponseConsumer.create(), null, null, null)).isNull();
    }

    @Test
    void onlyTheGuardsAttemptSkipsTheRetryStep() throws Exception {
        Hc5AsyncAdapter adapter = new Hc5AsyncAdapter();
        HttpRequest attempt = new BasicHttpRequest("POST", "/v1/chat/completions");
        AtomicInteger passes = new AtomicInteger();
        AsyncExecChain chain = (request, entityProducer, scope, callback) -> passes.incrementAndGet();

        assertThat(adapter.proceedOnce(attempt, attempt, null, scope(attempt), chain, null)).isTrue();
        assertThat(passes).hasValue(1);
        HttpRequest other = new BasicHttpRequest("POST", "/v1/chat/completions");
        assertThat(adapter.proceedOnce(attempt, other, null, scope(other), chain, null)).isFalse();
        assertThat(passes).hasValue(1);
    }

    private static AsyncExecChain.Scope scope(HttpRequest original) {
        AsyncExecRuntime runtime = (AsyncExecRuntime) Proxy.newProxyInstance(AsyncExecRuntime.class.getClassLoader(),
                new Class<?>[] {AsyncExecRuntime.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
        return new AsyncExecChain.Scope("ex-1", new HttpRoute(new HttpHost("http", "localhost", 80)), original,
                new org.apache.hc.core5.concurrent.ComplexFuture<Object>(null), HttpClientContext.create(), runtime, null, null);
    }

    private static String sse(int events) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < events; i++) {
            b.append("data: {\"n\":").append(i).append("}\n\n");
        }
        return b.toString();
    }

    /** An application's streaming consumer: notes its first bytes and its release. */
    static final class StreamConsumer implements AsyncResponseConsumer<String> {
        final CountDownLatch firstBytes = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1);
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private volatile FutureCallback<String> result;

        synchronized int bytes() {
            return body.size();
        }

        @Override
        public void consumeResponse(HttpResponse response, EntityDetails entityDetails, HttpContext context, FutureCallback<String> resultCallback) {
            result = resultCallback;
        }

        @Override
        public void informationResponse(HttpResponse response, HttpContext context) {
        }

        @Override
        public void failed(Exception cause) {
        }

        @Override
        public void updateCapacity(CapacityChannel capacityChannel) throws java.io.IOException {
            capacityChannel.update(Integer.MAX_VALUE);
        }

        @Override
        public synchronized void consume(ByteBuffer src) {
            byte[] bytes = new byte[src.remaining()];
            src.get(bytes);
            body.write(bytes, 0, bytes.length);
            firstBytes.countDown();
        }

        @Override
        public void streamEnd(List<? extends Header> trailers) {
            String text;
            synchronized (this) {
                text = new String(body.toByteArray(), StandardCharsets.UTF_8);
            }
            result.completed(text);
        }

        @Override
        public void releaseResources() {
            released.countDown();
        }
    }
}
