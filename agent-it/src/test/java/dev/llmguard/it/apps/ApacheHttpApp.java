package dev.llmguard.it.apps;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A plain Apache HttpClient application with no retry code of its own, run in a child JVM with or
 * without the agent, on HttpClient 5 classic or async, or 4.5 (whichever is on its class path; the
 * other's classes are never loaded). Prints one line per call: {@code CALL i status=429 ms=12 sha=... body=...}
 * or {@code CALL i ms=12 error=...}.
 *
 * <p>Arguments are key=value: url, calls (1), threads (1), version (hc5|hc5async|hc4), body (json|stream),
 * handler (none|handler: {@code execute(request)} or {@code execute(request, responseHandler)}; for
 * hc5async a request producer or a {@code SimpleHttpRequest}), cancelAfterMs (hc5async: cancel the Future then),
 * pool (connections at most; default: the client's default client), poolTimeoutMs (5000),
 * unavailableRetries (HC4 only: configure {@code DefaultServiceUnavailableRetryStrategy}), apiKey, prompt.
 */
public final class ApacheHttpApp {
    /** One client major's way of making the calls. */
    interface Calls extends AutoCloseable {
        /** {@code status=... body=...} of one call. */
        Result call(String url, String apiKey, byte[] json, boolean stream, boolean handler) throws Exception;
    }

    record Result(int status, byte[] body) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        int calls = Integer.parseInt(a.getOrDefault("calls", "1"));
        int threads = Integer.parseInt(a.getOrDefault("threads", "1"));
        int pool = Integer.parseInt(a.getOrDefault("pool", "0"));
        int poolTimeoutMs = Integer.parseInt(a.getOrDefault("poolTimeoutMs", "5000"));
        int unavailableRetries = Integer.parseInt(a.getOrDefault("unavailableRetries", "0"));
        boolean stream = "stream".equals(a.get("body"));
        boolean handler = "handler".equals(a.get("handler"));
        List<String> lines = new ArrayList<>();
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        String version = a.getOrDefault("version", "hc5");
        long cancelAfterMs = Long.parseLong(a.getOrDefault("cancelAfterMs", "0"));
        try (Calls client = "hc4".equals(version) ? new Hc4Calls(pool, poolTimeoutMs, unavailableRetries)
                : "hc5async".equals(version) ? new Hc5AsyncCalls(pool, poolTimeoutMs, cancelAfterMs)
                : new Hc5Calls(pool, poolTimeoutMs)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                final int n = i;
                done.add(workers.submit(() -> {
                    String prompt = a.getOrDefault("prompt", "Say hello");
                    byte[] json = ("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + " #" + n + "\"}]}")
                            .getBytes(StandardCharsets.UTF_8);
                    long start = System.nanoTime();
                    String line;
                    try {
                        Result r = client.call(a.get("url"), a.getOrDefault("apiKey", "sk-test"), json, stream, handler);
                        line = "CALL " + n + " status=" + r.status() + " ms=" + (System.nanoTime() - start) / 1_000_000
                                + " sha=" + sha256(r.body()) + " body=" + new String(r.body(), StandardCharsets.UTF_8).replace('\n', ' ');
                    } catch (Exception e) {
                        line = "CALL " + n + " ms=" + (System.nanoTime() - start) / 1_000_000
                                + " error=" + e.getClass().getName() + ": " + e.getMessage();
                    }
                    synchronized (lines) {
                        lines.add(line);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        }
        workers.shutdown();
        lines.sort(null);
        for (String line : lines) {
            System.out.println(line);
        }
        System.exit(0);
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** HttpClient 5 classic: {@code HttpClients.createDefault()}, or a pooled client as small as asked, with its default retry strategy. */
    static final class Hc5Calls implements Calls {
        private final org.apache.hc.client5.http.impl.classic.CloseableHttpClient client;

        Hc5Calls(int pool, int poolTimeoutMs) {
            if (pool <= 0) {
                client = org.apache.hc.client5.http.impl.classic.HttpClients.createDefault();
                return;
            }
            client = org.apache.hc.client5.http.impl.classic.HttpClients.custom()
                    .setConnectionManager(org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder.create()
                            .setMaxConnTotal(pool).setMaxConnPerRoute(pool).build())
                    .setDefaultRequestConfig(org.apache.hc.client5.http.config.RequestConfig.custom()
                            .setConnectionRequestTimeout(org.apache.hc.core5.util.Timeout.ofMilliseconds(poolTimeoutMs)).build())
                    .build();
        }

        @Override
        public Result call(String url, String apiKey, byte[] json, boolean stream, boolean handler) throws Exception {
            org.apache.hc.client5.http.classic.methods.HttpPost post = new org.apache.hc.client5.http.classic.methods.HttpPost(url);
            post.setHeader("Authorization", "Bearer " + apiKey);
            if (AppHeader.name() != null) {
                post.setHeader(AppHeader.name(), AppHeader.value());
            }
            org.apache.hc.core5.http.ContentType type = org.apache.hc.core5.http.ContentType.APPLICATION_JSON;
            post.setEntity(stream ? new org.apache.hc.core5.http.io.entity.InputStreamEntity(new ByteArrayInputStream(json), json.length, type)
                    : new org.apache.hc.core5.http.io.entity.ByteArrayEntity(json, type));
            if (handler) {
                return client.execute(post, response -> new Result(response.getCode(),
                        org.apache.hc.core5.http.io.entity.EntityUtils.toByteArray(response.getEntity())));
            }
            try (org.apache.hc.client5.http.impl.classic.CloseableHttpResponse response = client.execute(post)) {
                return new Result(response.getCode(), org.apache.hc.core5.http.io.entity.EntityUtils.toByteArray(response.getEntity()));
            }
        }

        @Override
        public void close() throws Exception {
            client.close();
        }
    }

    /**
     * HttpClient 5 async: {@code HttpAsyncClients.createDefault()}, or a pooled client as small as
     * asked, with its default retry strategy. Each call waits on the Future, and fails unless its
     * callback heard exactly once.
     */
    static final class Hc5AsyncCalls implements Calls {
        private final org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient client;
        private final long cancelAfterMs;

        Hc5AsyncCalls(int pool, int poolTimeoutMs, long cancelAfterMs) {
            this.cancelAfterMs = cancelAfterMs;
            if (pool <= 0) {
                client = org.apache.hc.client5.http.impl.async.HttpAsyncClients.createDefault();
            } else {
                client = org.apache.hc.client5.http.impl.async.HttpAsyncClients.custom()
                        .setConnectionManager(org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder.create()
                                .setMaxConnTotal(pool).setMaxConnPerRoute(pool).build())
                        .setDefaultRequestConfig(org.apache.hc.client5.http.config.RequestConfig.custom()
                                .setConnectionRequestTimeout(org.apache.hc.core5.util.Timeout.ofMilliseconds(poolTimeoutMs)).build())
                        .build();
            }
            client.start();
        }

        @Override
        public Result call(String url, String apiKey, byte[] json, boolean stream, boolean simple) throws Exception {
            java.util.concurrent.atomic.AtomicInteger heard = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.Future<org.apache.hc.client5.http.async.methods.SimpleHttpResponse> future;
            org.apache.hc.core5.http.ContentType type = org.apache.hc.core5.http.ContentType.APPLICATION_JSON;
            if (simple) {
                org.apache.hc.client5.http.async.methods.SimpleHttpRequest request =
                        org.apache.hc.client5.http.async.methods.SimpleHttpRequest.create("POST", url);
                request.setHeader("Authorization", "Bearer " + apiKey);
                if (AppHeader.name() != null) {
                    request.setHeader(AppHeader.name(), AppHeader.value());
                }
                request.setBody(json, type);
                future = client.execute(request, counting(heard));
            } else {
                org.apache.hc.core5.http.message.BasicHttpRequest request = new org.apache.hc.core5.http.message.BasicHttpRequest("POST", java.net.URI.create(url));
                request.setHeader("Authorization", "Bearer " + apiKey);
                if (AppHeader.name() != null) {
                    request.setHeader(AppHeader.name(), AppHeader.value());
                }
                org.apache.hc.core5.http.nio.entity.BasicAsyncEntityProducer entity = stream
                        ? new org.apache.hc.core5.http.nio.entity.BasicAsyncEntityProducer(json, type) {
                            @Override
                            public boolean isRepeatable() {
                                return false; // as a streamed body: one-shot
                            }
                        }
                        : new org.apache.hc.core5.http.nio.entity.BasicAsyncEntityProducer(json, type);
                future = client.execute(new org.apache.hc.core5.http.nio.support.BasicRequestProducer(request, entity),
                        org.apache.hc.client5.http.async.methods.SimpleResponseConsumer.create(), counting(heard));
            }
            if (cancelAfterMs > 0) {
                Thread.sleep(cancelAfterMs);
                future.cancel(true);
            }
            try {
                org.apache.hc.client5.http.async.methods.SimpleHttpResponse response = future.get(120, TimeUnit.SECONDS);
                heardOnce(heard);
                return new Result(response.getCode(), response.getBodyBytes() == null ? new byte[0] : response.getBodyBytes());
            } catch (Exception e) {
                heardOnce(heard);
                throw e;
            }
        }

        private static <T> org.apache.hc.core5.concurrent.FutureCallback<T> counting(java.util.concurrent.atomic.AtomicInteger heard) {
            return new org.apache.hc.core5.concurrent.FutureCallback<T>() {
                @Override
                public void completed(T result) {
                    heard.incrementAndGet();
                }

                @Override
                public void failed(Exception ex) {
                    heard.incrementAndGet();
                }

                @Override
                public void cancelled() {
                    heard.incrementAndGet();
                }
            };
        }

        private static void heardOnce(java.util.concurrent.atomic.AtomicInteger heard) throws InterruptedException {
            Thread.sleep(50); // a second call of the callback would come about now
            if (heard.get() != 1) {
                throw new IllegalStateException("the callback heard " + heard.get() + " times");
            }
        }

        @Override
        public void close() throws Exception {
            client.close();
        }
    }

    /** HttpClient 4.5: {@code HttpClients.createDefault()}, or a pooled client as small as asked; optionally retrying 503s itself. */
    static final class Hc4Calls implements Calls {
        private final org.apache.http.impl.client.CloseableHttpClient client;

        Hc4Calls(int pool, int poolTimeoutMs, int unavailableRetries) {
            if (pool <= 0 && unavailableRetries <= 0) {
                client = org.apache.http.impl.client.HttpClients.createDefault();
                return;
            }
            org.apache.http.impl.client.HttpClientBuilder b = org.apache.http.impl.client.HttpClients.custom();
            if (pool > 0) {
                b.setMaxConnTotal(pool).setMaxConnPerRoute(pool)
                        .setDefaultRequestConfig(org.apache.http.client.config.RequestConfig.custom().setConnectionRequestTimeout(poolTimeoutMs).build());
            }
            if (unavailableRetries > 0) {
                b.setServiceUnavailableRetryStrategy(new org.apache.http.impl.client.DefaultServiceUnavailableRetryStrategy(unavailableRetries, 100));
            }
            client = b.build();
        }

        @Override
        public Result call(String url, String apiKey, byte[] json, boolean stream, boolean handler) throws Exception {
            org.apache.http.client.methods.HttpPost post = new org.apache.http.client.methods.HttpPost(url);
            post.setHeader("Authorization", "Bearer " + apiKey);
            if (AppHeader.name() != null) {
                post.setHeader(AppHeader.name(), AppHeader.value());
            }
            org.apache.http.entity.ContentType type = org.apache.http.entity.ContentType.APPLICATION_JSON;
            post.setEntity(stream ? new org.apache.http.entity.InputStreamEntity(new ByteArrayInputStream(json), json.length, type)
                    : new org.apache.http.entity.ByteArrayEntity(json, type));
            if (handler) {
                return client.execute(post, response -> new Result(response.getStatusLine().getStatusCode(),
                        org.apache.http.util.EntityUtils.toByteArray(response.getEntity())));
            }
            try (org.apache.http.client.methods.CloseableHttpResponse response = client.execute(post)) {
                return new Result(response.getStatusLine().getStatusCode(), org.apache.http.util.EntityUtils.toByteArray(response.getEntity()));
            }
        }

        @Override
        public void close() throws Exception {
            client.close();
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
