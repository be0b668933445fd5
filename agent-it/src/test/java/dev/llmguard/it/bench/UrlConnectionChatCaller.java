package dev.llmguard.it.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** A plain {@code HttpURLConnection} service with no retry code, as a legacy service calls a chat API. */
final class UrlConnectionChatCaller implements ThrottleWorkload.ChatCaller {
    private final URL url;
    private final String apiKey;
    private final byte[] body;

    UrlConnectionChatCaller(String baseUrl, String apiKey, String body) {
        try {
            this.url = new URL(baseUrl + "/chat/completions");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        this.apiKey = apiKey;
        this.body = body.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String call() {
        try {
            HttpURLConnection c = (HttpURLConnection) url.openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Authorization", "Bearer " + apiKey);
            c.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
            int status = c.getResponseCode();
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                if (in != null) {
                    in.readAllBytes(); // read to the end, so the connection is kept alive
                }
            }
            if (status == 200) {
                return null;
            }
            return status + (c.getHeaderField("x-llm-guard") != null ? " refused by llm-guard" : "");
        } catch (IOException e) {
            return "I/O " + e.getClass().getSimpleName();
        }
    }

    @Override
    public void callAsync(Consumer<String> done) {
        done.accept(call()); // HttpURLConnection has no asynchronous API
    }

    @Override
    public void close() {
    }
}
