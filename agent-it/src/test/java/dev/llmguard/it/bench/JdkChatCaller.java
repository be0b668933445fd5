package dev.llmguard.it.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/** A plain {@code java.net.http.HttpClient} service with no retry code: {@code send} and {@code sendAsync}. */
final class JdkChatCaller implements ThrottleWorkload.ChatCaller {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final HttpRequest request;

    JdkChatCaller(String baseUrl, String apiKey, String body) {
        this.request = HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    @Override
    public String call() {
        try {
            return cause(client.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (Exception e) {
            return "I/O " + e.getClass().getSimpleName();
        }
    }

    @Override
    public void callAsync(Consumer<String> done) {
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, t) -> done.accept(t == null ? cause(r)
                : "I/O " + (t instanceof CompletionException && t.getCause() != null ? t.getCause() : t).getClass().getSimpleName()));
    }

    private static String cause(HttpResponse<String> r) {
        if (r.statusCode() == 200) {
            return null;
        }
        return r.statusCode() + (r.headers().firstValue("x-llm-guard").isPresent() ? " refused by llm-guard" : "");
    }

    @Override
    public void close() {
    }
}
