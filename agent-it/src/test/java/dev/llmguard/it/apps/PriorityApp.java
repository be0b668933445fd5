package dev.llmguard.it.apps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A service with a batch job and a web front: {@code background} threads ("batch-N") send chat
 * completions back to back for {@code seconds}, while one request thread ("http-nio-8080-exec-1")
 * sends one every {@code interactiveEveryMs}, marked {@code x-llm-guard-priority: interactive} when
 * {@code header=true} (none with {@code interactiveEveryMs=0}). With {@code tenants=true} the batch's calls carry {@code x-tenant-id: batch} and the
 * request thread's {@code x-tenant-id: web}. Prints {@code CALL kind=background|interactive status=N ms=N} per call.
 */
public final class PriorityApp {
    public static void main(String[] args) throws Exception {
        Map<String, String> a = SdkAppSupport.parse(args);
        String url = a.get("url");
        int background = Integer.parseInt(a.getOrDefault("background", "8"));
        long seconds = Long.parseLong(a.getOrDefault("seconds", "8"));
        long everyMs = Long.parseLong(a.getOrDefault("interactiveEveryMs", "300"));
        boolean header = Boolean.parseBoolean(a.getOrDefault("header", "false"));
        boolean tenants = Boolean.parseBoolean(a.getOrDefault("tenants", "false"));
        OkHttpClient client = new OkHttpClient.Builder().readTimeout(60, TimeUnit.SECONDS).build();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < background; t++) {
            threads.add(new Thread(() -> {
                while (System.nanoTime() < end) {
                    call(client, url, "background", false, tenants ? "batch" : null);
                }
            }, "batch-" + t));
        }
        Thread web = new Thread(() -> {
            while (System.nanoTime() < end) {
                long started = System.nanoTime();
                call(client, url, "interactive", header, tenants ? "web" : null);
                long left = everyMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                if (left > 0) {
                    try {
                        Thread.sleep(left);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "http-nio-8080-exec-1");
        if (everyMs > 0) {
            threads.add(web);
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        System.exit(0);
    }

    private static void call(OkHttpClient client, String url, String kind, boolean header, String tenant) {
        String body = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"" + kind + "\"}]}";
        Request.Builder b = new Request.Builder().url(url).header("Authorization", "Bearer sk-priority")
                .post(RequestBody.create(MediaType.parse("application/json"), body));
        if (header) {
            b.header("x-llm-guard-priority", "interactive");
        }
        if (tenant != null) {
            b.header("x-tenant-id", tenant);
        }
        long start = System.nanoTime();
        String status;
        try (Response r = client.newCall(b.build()).execute()) {
            r.body().string();
            status = String.valueOf(r.code());
        } catch (Exception e) {
            status = e.getClass().getSimpleName();
        }
        System.out.println("CALL kind=" + kind + " status=" + status + " ms=" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }
}
