package dev.llmguard.jdkhttp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.config.GuardConfig;
import dev.llmguard.contract.AdapterContract;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

/** {@code HttpRequest.timeout()} bounds the whole guarded call, not each attempt. */
class JdkCallTimeoutTest {
    @Test
    void aLaterAttemptGetsOnlyWhatIsLeftOfTheRequestsTimeout() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setResponseCode(503).setHeadersDelay(800, TimeUnit.MILLISECONDS));
            server.enqueue(new MockResponse().setResponseCode(200).setHeadersDelay(3, TimeUnit.SECONDS));
            server.start();
            JdkHttpContractSupport jdk = new JdkHttpContractSupport();
            jdk.activate(GuardConfig.builder().retryBaseDelayMillis(1).retryMaxDelayMillis(2).build());
            byte[] body = "{\"model\":\"gpt-4o-mini\"}".getBytes(StandardCharsets.UTF_8);
            long start = System.nanoTime();
            Throwable failure = null;
            try {
                jdk.sendAsync(server.url("/v1/chat/completions").toString(), AdapterContract.call("/v1/chat/completions", body, 1_500)).get();
            } catch (ExecutionException e) {
                failure = e.getCause();
            }
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(failure).isInstanceOf(HttpTimeoutException.class);
            assertThat(elapsed).as("1.5 s in all, not 0.8 s + a fresh 1.5 s").isBetween(1_400L, 2_100L);
            assertThat(server.getRequestCount()).isEqualTo(2);
        }
    }
}
