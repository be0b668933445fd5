package dev.llmguard.it.apps;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A plain {@code java.net.http.HttpClient} application with no retry code, run in a child JVM with
 * or without the agent. Prints one line per call: {@code CALL i status=429 body=...} or
 * {@code CALL i error=...}.
 *
 * <p>Arguments are key=value: url, calls (1), threads (1), mode (sync|async), body (json|oneshot),
 * handler (string|stream), timeoutMs, version (http1|http2), prompt, apiKey, model (gpt-4o-mini).
 */
public final class JdkHttpApp {
    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        int calls = Integer.parseInt(a.getOrDefault("calls", "1"));
        int threads = Integer.parseInt(a.getOrDefault("threads", "1"));
        boolean async = "async".equals(a.getOrDefault("mode", "sync"));
        HttpClient client = HttpClient.newBuilder()
                .version("http2".equals(a.get("version")) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .sslContext(TrustAll.context())
                .build();
        List<String> lines = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            final int n = i;
            HttpRequest request = request(a, n);
            if (async) {
                done.add(client.sendAsync(request, handler(a)).handle((r, t) -> {
                    record(lines, t == null ? line(n, r) : "CALL " + n + " error=" + cause(t));
                    return null;
                }));
            } else {
                done.add(CompletableFuture.runAsync(() -> {
                    try {
                        record(lines, line(n, client.send(request, handler(a))));
                    } catch (Exception e) {
                        record(lines, "CALL " + n + " error=" + e.getClass().getName() + ": " + e.getMessage());
                    }
                }, pool));
            }
        }
        CompletableFuture.allOf(done.toArray(new CompletableFuture[0])).get(120, TimeUnit.SECONDS);
        synchronized (lines) {
            lines.sort(null);
            for (String line : lines) {
                System.out.println(line);
            }
        }
        pool.shutdown();
        System.exit(0);
    }

    private static HttpRequest request(Map<String, String> a, int n) {
        String prompt = a.getOrDefault("prompt", "Say hello");
        String json = "{\"model\":\"" + a.getOrDefault("model", "gpt-4o-mini") + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + " #" + n + "\"}]}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(a.get("url")))
                .header("Authorization", "Bearer " + a.getOrDefault("apiKey", "sk-test"))
                .header("Content-Type", "application/json")
                .POST("oneshot".equals(a.get("body"))
                        ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
                        : HttpRequest.BodyPublishers.ofString(json));
        if (AppHeader.name() != null) {
            b.header(AppHeader.name(), AppHeader.value());
        }
        if (a.containsKey("timeoutMs")) {
            b.timeout(Duration.ofMillis(Long.parseLong(a.get("timeoutMs"))));
        }
        return b.build();
    }

    @SuppressWarnings("unchecked")
    private static HttpResponse.BodyHandler<Object> handler(Map<String, String> a) {
        Object h = "stream".equals(a.get("handler")) ? HttpResponse.BodyHandlers.ofInputStream() : HttpResponse.BodyHandlers.ofString();
        return (HttpResponse.BodyHandler<Object>) h;
    }

    private static String line(int n, HttpResponse<Object> r) {
        Object body = r.body();
        String text;
        try {
            text = body instanceof InputStream ? new String(((InputStream) body).readAllBytes(), StandardCharsets.UTF_8) : String.valueOf(body);
        } catch (Exception e) {
            text = "unreadable: " + e;
        }
        String marker = r.headers().firstValue("x-llm-guard").map(v -> " guard=" + v + " retry-after="
                + r.headers().firstValue("retry-after").orElse("")).orElse("");
        marker += r.headers().firstValue("x-llm-guard-model").map(m -> " served-by=" + m).orElse("");
        return "CALL " + n + " status=" + r.statusCode() + marker + " version=" + r.version() + " body=" + text.replace('\n', ' ');
    }

    private static String cause(Throwable t) {
        Throwable c = t.getCause() != null ? t.getCause() : t;
        return c.getClass().getName() + ": " + c.getMessage();
    }

    private static void record(List<String> lines, String line) {
        synchronized (lines) {
            lines.add(line);
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            m.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return m;
    }
}
