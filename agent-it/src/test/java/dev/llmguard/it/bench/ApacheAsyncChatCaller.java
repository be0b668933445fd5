package dev.llmguard.it.bench;

import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.io.CloseMode;

/** A service on Apache HttpClient 5's async client with its defaults (its own retry strategy included), calling with SimpleHttpRequest. */
final class ApacheAsyncChatCaller implements ThrottleWorkload.ChatCaller {
    private final CloseableHttpAsyncClient client = HttpAsyncClients.custom()
            .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create().setMaxConnTotal(256).setMaxConnPerRoute(256).build())
            .build();
    private final String url;
    private final String apiKey;
    private final String body;

    ApacheAsyncChatCaller(String baseUrl, String apiKey, String body) {
        this.url = baseUrl + "/chat/completions";
        this.apiKey = apiKey;
        this.body = body;
        client.start();
    }

    private SimpleHttpRequest request() {
        SimpleHttpRequest request = SimpleHttpRequest.create("POST", url);
        request.setHeader("Authorization", "Bearer " + apiKey);
        request.setBody(body, ContentType.APPLICATION_JSON);
        return request;
    }

    private static String cause(SimpleHttpResponse response) {
        int code = response.getCode();
        return code == 200 ? null : code + (response.getFirstHeader("x-llm-guard") != null ? " refused by llm-guard" : "");
    }

    @Override
    public String call() {
        try {
            return cause(client.execute(request(), null).get());
        } catch (ExecutionException e) {
            return "I/O " + e.getCause().getClass().getSimpleName();
        } catch (Exception e) {
            return "I/O " + e.getClass().getSimpleName();
        }
    }

    @Override
    public void callAsync(Consumer<String> done) {
        client.execute(request(), new FutureCallback<SimpleHttpResponse>() {
            @Override
            public void completed(SimpleHttpResponse response) {
                done.accept(cause(response));
            }

            @Override
            public void failed(Exception ex) {
                done.accept("I/O " + ex.getClass().getSimpleName());
            }

            @Override
            public void cancelled() {
                done.accept("cancelled");
            }
        });
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }
}
