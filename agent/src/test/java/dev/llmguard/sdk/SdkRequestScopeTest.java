package dev.llmguard.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.config.GuardConfig;
import dev.llmguard.core.events.GuardEvents;
import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.log.GuardLog;
import dev.llmguard.okhttp.OkHttpBridge;
import dev.llmguard.okhttp.adapter.GuardInterceptor;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An SDK request is guarded on any host and path, since the SDK no longer retries it itself. */
class SdkRequestScopeTest {
    private MockWebServer server;
    private OkHttpClient client;

    @BeforeEach
    void setUp() throws IOException {
        server = new MockWebServer();
        server.start();
        GuardConfig config = GuardConfig.builder().retryBaseDelayMillis(10).retryMaxDelayMillis(50).build();
        OkHttpBridge.activate(new RequestGuard(config, new GuardEvents(GuardLog.create(GuardConfig.LogLevel.OFF))));
        client = new OkHttpClient.Builder().addInterceptor(new GuardInterceptor()).build();
    }

    @AfterEach
    void tearDown() throws IOException {
        OkHttpBridge.activate(null);
        server.shutdown();
    }

    private int statusOf(Request.Builder request) throws IOException {
        try (Response response = client.newCall(request.url(server.url("/internal/report"))
                .post(RequestBody.create(MediaType.parse("application/json"), "{}")).build()).execute()) {
            return response.code();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Stainless-Lang", "X-Stainless-Retry-Count", "x-stainless-lang"})
    void guardsARequestCarryingAnSdkHeaderOutsideTheScope(String header) throws Exception {
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("retry-after-ms", "10"));
        server.enqueue(new MockResponse().setResponseCode(200));

        assertThat(statusOf(new Request.Builder().header(header, "0"))).isEqualTo(200);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Stainless-Package-Version", "User-Agent"})
    void leavesOtherHeadersOutOfScope(String header) throws Exception {
        server.enqueue(new MockResponse().setResponseCode(429).setHeader("retry-after-ms", "10"));

        assertThat(statusOf(new Request.Builder().header(header, "1"))).isEqualTo(429);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }
}
