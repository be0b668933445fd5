package dev.llmguard.it.apps;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

/**
 * A plain OkHttp application with no retry code, run in a child JVM (with or without the agent)
 * on OkHttp 3.14, 4.x or 5.x. Uses only API common to all three. Prints one line per call, which
 * the tests read: {@code CALL i status=429 body=...} or {@code CALL i error=...}.
 *
 * <p>Arguments are key=value: url, calls (1), mode (sync|async), body (json|oneshot|none),
 * build (new-client|builder|new-builder-chain), callTimeoutMs, prompt, apiKey, appInterceptor, pauseMs (between calls),
 * model (gpt-4o-mini).
 */
public final class ChatCallsApp {
    static final MediaType JSON = MediaType.parse("application/json");

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        String url = a.get("url");
        int calls = Integer.parseInt(a.getOrDefault("calls", "1"));
        String mode = a.getOrDefault("mode", "sync");
        String prompt = a.getOrDefault("prompt", "Say hello");
        String apiKey = a.getOrDefault("apiKey", "sk-test");
        AtomicInteger appInterceptorRuns = new AtomicInteger();

        OkHttpClient client = buildClient(a, appInterceptorRuns);
        System.out.println("INTERCEPTORS " + names(client.interceptors()));

        List<String> lines = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(calls);
        long pauseMs = Long.parseLong(a.getOrDefault("pauseMs", "0"));
        for (int i = 0; i < calls; i++) {
            final int n = i;
            if (pauseMs > 0 && i > 0) {
                Thread.sleep(pauseMs);
            }
            Request.Builder builder = new Request.Builder().url(url)
                    .header("Authorization", "Bearer " + apiKey)
                    .method(a.getOrDefault("method", "POST"), body(a.getOrDefault("body", "json"), a.getOrDefault("model", "gpt-4o-mini"), prompt, n));
            if (AppHeader.name() != null) {
                builder.header(AppHeader.name(), AppHeader.value());
            }
            Request request = builder.build();
            Call call = client.newCall(request);
            if ("async".equals(mode)) {
                call.enqueue(new Callback() {
                    @Override
                    public void onFailure(Call c, IOException e) {
                        record(lines, "CALL " + n + " error=" + e.getClass().getName() + ": " + e.getMessage(), done);
                    }

                    @Override
                    public void onResponse(Call c, Response response) throws IOException {
                        try (Response r = response) {
                            record(lines, "CALL " + n + " status=" + r.code() + guardHeaders(r) + " body=" + r.body().string(), done);
                        }
                    }
                });
            } else {
                try (Response r = call.execute()) {
                    record(lines, "CALL " + n + " status=" + r.code() + guardHeaders(r) + " body=" + r.body().string(), done);
                } catch (IOException e) {
                    record(lines, "CALL " + n + " error=" + e.getClass().getName() + ": " + e.getMessage()
                            + " interrupted=" + Thread.currentThread().isInterrupted(), done);
                }
            }
        }
        if (!done.await(120, TimeUnit.SECONDS)) {
            System.out.println("TIMEOUT waiting for calls");
        }
        synchronized (lines) {
            for (String line : lines) {
                System.out.println(line);
            }
        }
        System.out.println("APP_INTERCEPTOR_RUNS " + appInterceptorRuns.get());
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
        System.exit(0);
    }

    private static OkHttpClient buildClient(Map<String, String> a, AtomicInteger appInterceptorRuns) {
        OkHttpClient.Builder builder;
        String build = a.getOrDefault("build", "builder");
        if ("new-client".equals(build)) {
            return new OkHttpClient();
        }
        builder = new OkHttpClient.Builder();
        if (a.containsKey("callTimeoutMs")) {
            builder.callTimeout(Long.parseLong(a.get("callTimeoutMs")), TimeUnit.MILLISECONDS);
        }
        if (Boolean.parseBoolean(a.getOrDefault("appInterceptor", "false"))) {
            builder.addInterceptor(new CountingInterceptor(appInterceptorRuns));
        }
        OkHttpClient client = builder.build();
        if ("new-builder-chain".equals(build)) {
            // what the OpenAI SDK does on every attempt
            for (int i = 0; i < 5; i++) {
                client = client.newBuilder().readTimeout(30, TimeUnit.SECONDS).build();
            }
        }
        return client;
    }

    private static RequestBody body(String kind, String model, String prompt, int n) {
        final String json = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + " #" + n + "\"}]}";
        if ("none".equals(kind)) {
            return null;
        }
        if ("oneshot".equals(kind)) {
            return new RequestBody() {
                @Override
                public MediaType contentType() {
                    return JSON;
                }

                @Override
                public boolean isOneShot() {
                    return true;
                }

                @Override
                public void writeTo(BufferedSink sink) throws IOException {
                    sink.writeUtf8(json);
                }
            };
        }
        return RequestBody.create(JSON, json);
    }

    /** Marks a response the guard answered itself, with its Retry-After, and the model that served a call that fell back. */
    private static String guardHeaders(Response r) {
        String marker = r.header("x-llm-guard");
        String model = r.header("x-llm-guard-model");
        return (marker == null ? "" : " guard=" + marker + " retry-after=" + r.header("retry-after"))
                + (model == null ? "" : " served-by=" + model);
    }

    private static void record(List<String> lines, String line, CountDownLatch done) {
        synchronized (lines) {
            lines.add(line.replace('\n', ' '));
        }
        done.countDown();
    }

    private static List<String> names(List<Interceptor> interceptors) {
        List<String> out = new ArrayList<>();
        for (Interceptor i : interceptors) {
            out.add(i.getClass().getName());
        }
        return out;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            m.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return m;
    }

    /** An application interceptor; the guard must run before it, so it sees every attempt. */
    static final class CountingInterceptor implements Interceptor {
        private final AtomicInteger runs;

        CountingInterceptor(AtomicInteger runs) {
            this.runs = runs;
        }

        @Override
        public Response intercept(Chain chain) throws IOException {
            runs.incrementAndGet();
            return chain.proceed(chain.request());
        }
    }
}
