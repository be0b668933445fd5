package dev.llmguard.it.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;

/** A legacy service on Apache HttpClient 5 classic with its defaults (its own retry strategy included); its async path is {@link ApacheAsyncChatCaller}. */
final class ApacheChatCaller implements ThrottleWorkload.ChatCaller {
    private final CloseableHttpClient client = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create().setMaxConnTotal(256).setMaxConnPerRoute(256).build())
            .build();
    private final String url;
    private final String apiKey;
    private final String body;

    ApacheChatCaller(String baseUrl, String apiKey, String body) {
        this.url = baseUrl + "/chat/completions";
        this.apiKey = apiKey;
        this.body = body;
    }

    @Override
    public String call() {
        HttpPost post = new HttpPost(url);
        post.setHeader("Authorization", "Bearer " + apiKey);
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON.withCharset(StandardCharsets.UTF_8)));
        try {
            return client.execute(post, response -> {
                EntityUtils.consume(response.getEntity());
                int code = response.getCode();
                return code == 200 ? null : code + (response.getFirstHeader("x-llm-guard") != null ? " refused by llm-guard" : "");
            });
        } catch (Exception e) {
            return "I/O " + e.getClass().getSimpleName();
        }
    }

    @Override
    public void callAsync(Consumer<String> done) {
        CompletableFuture.supplyAsync(this::call).thenAccept(done);
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception ignored) {
            // the run is over
        }
    }
}
