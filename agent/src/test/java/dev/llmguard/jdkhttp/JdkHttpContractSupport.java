package dev.llmguard.jdkhttp;

import dev.llmguard.config.GuardConfig;
import dev.llmguard.contract.AdapterContract;
import dev.llmguard.core.events.GuardEvents;
import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.core.loop.AsyncRetryLoop;
import dev.llmguard.log.GuardLog;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The JDK client under the contract, without the agent: the test calls the guard's entry as the
 * advice in {@code HttpClientImpl.sendAsync} does, and sends out-of-scope calls itself.
 */
final class JdkHttpContractSupport {
    private final HttpClient client = HttpClient.newHttpClient();
    private volatile JdkHttpGuard guard;

    void activate(GuardConfig config) {
        RequestGuard requestGuard = new RequestGuard(config, new GuardEvents(GuardLog.create(GuardConfig.LogLevel.WARN)));
        guard = new JdkHttpGuard(new AsyncRetryLoop(requestGuard), config.capture().maxBodyBytes());
    }

    void deactivate() {
        guard = null;
    }

    /** What {@code send} and {@code sendAsync} return with the agent in place. */
    @SuppressWarnings("unchecked")
    CompletableFuture<HttpResponse<String>> sendAsync(String url, AdapterContract.AppCall call) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("content-type", "application/json")
                .POST(call.oneShot ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(call.body))
                        : HttpRequest.BodyPublishers.ofByteArray(call.body));
        if (call.callTimeoutMillis > 0) {
            b.timeout(Duration.ofMillis(call.callTimeoutMillis));
        }
        HttpRequest request = b.build();
        HttpResponse.BodyHandler<String> handler = HttpResponse.BodyHandlers.ofString();
        Object guarded = guard.apply(new Object[] {client, request, handler, null, null});
        return guarded != null ? (CompletableFuture<HttpResponse<String>>) guarded : client.sendAsync(request, handler);
    }

    static AdapterContract.Seen seen(HttpResponse<String> response) {
        Map<String, String> headers = new LinkedHashMap<>();
        response.headers().map().forEach((k, v) -> headers.put(k, v.get(0)));
        return new AdapterContract.Seen(response.statusCode(), response.body(), headers);
    }
}
