package dev.llmguard.okhttp.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmguard.config.GuardConfig;
import dev.llmguard.core.events.GuardEvents;
import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.log.GuardLog;
import dev.llmguard.okhttp.OkHttpBridge;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The interceptor in-process on OkHttp 3.14 (the oldest supported API), without the agent. */
class GuardInterceptorTest {
    private static final String BODY = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private MockWebServer server;
    private OkHttpClient client;

    @BeforeEach
    void setUp() throws IOException {
        server = new MockWebServer();
        server.start();
        GuardConfig config = GuardConfig.builder().retryBaseDelayMillis(10).retryMaxDelayMillis(50).build();
        OkHttpBridge.activate(new RequestGuard(config, new GuardEvents(GuardLog.create(GuardConfig.LogLevel.WARN))));
        client = new OkHttpClient.Builder().addInterceptor(new GuardInterceptor()).build();
    }

    @AfterEach
    void tearDown() throws IOException {
        OkHttpBridge.activate(null);
        server.shutdown();
    }

    private Call chatCall(String path) {
        return client.newCall(new Request.Builder().url(server.url(path))
                .post(RequestBody.create(MediaType.parse("application/json"), BODY)).build());
    }

    @Test
    void retriesUntilSuccessSendingTheSameBody() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("retry-after-ms", "50"));
        server.enqueue(new MockResponse().setResponseCode(503));
        server.enqueue(new MockResponse().setResponseCode(200).setBody("done"));

        try (Response response = chatCall("/v1/chat/completions").execute()) {
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.body().string()).isEqualTo("done");
        }
        assertThat(server.getRequestCount()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            RecordedRequest r = server.takeRequest();
            assertThat(r.getBody().readUtf8()).isEqualTo(BODY);
        }
    }

    @Test
    void givesTheApplicationTheLastResponseUnchanged() throws Exception {
        for (int i = 0; i < 5; i++) {
            server.enqueue(new MockResponse().setResponseCode(429).setHeader("x-request-id", "req_" + i).setBody("{\"n\":" + i + "}"));
        }
        try (Response response = chatCall("/v1/chat/completions").execute()) {
            assertThat(response.code()).isEqualTo(429);
            assertThat(response.header("x-request-id")).isEqualTo("req_4");
            assertThat(response.body().string()).isEqualTo("{\"n\":4}");
        }
        assertThat(server.getRequestCount()).isEqualTo(5);
    }

    @Test
    void passesOutOfScopeRequestsStraightThrough() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("retry-after-ms", "10"));
        try (Response response = chatCall("/internal/report").execute()) {
            assertThat(response.code()).isEqualTo(429);
        }
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void cancellingTheCallStopsTheWaitAtOnce() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("retry-after", "20"));
        Call call = chatCall("/v1/chat/completions");
        new Thread(() -> {
            sleep(300);
            call.cancel();
        }).start();
        long start = System.nanoTime();
        assertThatThrownBy(call::execute).isInstanceOf(IOException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(3_000);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void interruptingTheThreadStopsTheWaitAndKeepsTheFlag() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("retry-after", "20"));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flag = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                chatCall("/v1/chat/completions").execute().close();
            } catch (Throwable t) {
                thrown.set(t);
            }
            flag.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        sleep(300);
        caller.interrupt();
        caller.join(3_000);
        assertThat(caller.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedIOException.class);
        assertThat(flag.get()).isTrue();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void givesUpRatherThanWaitPastTheCallTimeout() throws Exception {
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("retry-after", "5"));
        OkHttpClient timed = client.newBuilder().callTimeout(1, TimeUnit.SECONDS).build();
        long start = System.nanoTime();
        try (Response response = timed.newCall(new Request.Builder().url(server.url("/v1/chat/completions"))
                .post(RequestBody.create(MediaType.parse("application/json"), BODY)).build()).execute()) {
            assertThat(response.code()).isEqualTo(429);
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_000);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
