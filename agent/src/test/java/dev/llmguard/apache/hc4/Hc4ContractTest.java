package dev.llmguard.apache.hc4;

import dev.llmguard.apache.ApacheBridge;
import dev.llmguard.config.GuardConfig;
import dev.llmguard.contract.AdapterContract;
import dev.llmguard.core.events.GuardEvents;
import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.log.GuardLog;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.InputStreamEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.protocol.HttpContext;
import org.apache.http.util.EntityUtils;
import org.junit.jupiter.api.AfterEach;

/**
 * Apache HttpClient 4.5 under the contract, without the agent: the test calls the bridge as the
 * advice in {@code doExecute} does. The client is built without its retry step, which is what the
 * retry-step advice makes of every guarded call.
 */
class Hc4ContractTest extends AdapterContract {
    private final CloseableHttpClient client = HttpClients.custom().disableAutomaticRetries().build();

    @AfterEach
    void closeClient() throws IOException {
        client.close();
    }

    @Override
    protected void activate(GuardConfig config) {
        ApacheBridge.activate(new RequestGuard(config, new GuardEvents(GuardLog.create(GuardConfig.LogLevel.WARN))), null);
    }

    @Override
    protected void deactivate() {
        ApacheBridge.activate(null, null);
    }

    @Override
    protected boolean hasCallTimeout() {
        return false;
    }

    @Override
    protected Seen send(AppCall call) throws Exception {
        return execute(post(call));
    }

    @Override
    protected Running start(AppCall call) {
        HttpPost post = post(call);
        CompletableFuture<Seen> seen = new CompletableFuture<>();
        Thread caller = new Thread(() -> seen.complete(execute(post)));
        caller.start();
        return new Running() {
            @Override
            public void cancel() {
                post.abort();
            }

            @Override
            public void interrupt() {
                caller.interrupt();
            }

            @Override
            public Seen await(long millis) throws Exception {
                return seen.get(millis, TimeUnit.MILLISECONDS);
            }
        };
    }

    private HttpPost post(AppCall call) {
        HttpPost post = new HttpPost(url(call.path));
        post.setEntity(call.oneShot
                ? new InputStreamEntity(new ByteArrayInputStream(call.body), call.body.length, ContentType.APPLICATION_JSON)
                : new ByteArrayEntity(call.body, ContentType.APPLICATION_JSON));
        return post;
    }

    /** What {@code client.execute(post)} does with the agent in place. */
    private Seen execute(HttpPost post) {
        try {
            URI uri = post.getURI();
            HttpHost target = new HttpHost(uri.getHost(), uri.getPort(), uri.getScheme());
            Object guarded = ApacheBridge.execute(client, target, post, null);
            try (CloseableHttpResponse response = guarded != null ? (CloseableHttpResponse) guarded : client.execute(target, post, (HttpContext) null)) {
                Map<String, String> headers = new LinkedHashMap<>();
                for (Header h : response.getAllHeaders()) {
                    headers.putIfAbsent(h.getName(), h.getValue());
                }
                return new Seen(response.getStatusLine().getStatusCode(), EntityUtils.toString(response.getEntity()), headers);
            }
        } catch (Exception e) {
            return new Seen(e, Thread.currentThread().isInterrupted());
        }
    }
}
