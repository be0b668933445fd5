package dev.llmguard.it.bench;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The benchmark's application, run in a child JVM with or without the agent: {@code threads}
 * workers each send chat completions one after the other for {@code seconds}, pausing
 * {@code thinkMs} between calls (the service's own work), then wait for the calls in flight.
 * Nothing retries except what the client does by default.
 *
 * <p>Arguments are key=value: url (the simulator's base URL, ending in /v1), apiKey, client
 * (okhttp|sdk|jdk|apache|langchain4j), mode (sync|async), threads, seconds, calls (at most, in all; unbounded when
 * absent), thinkMs, promptChars, maxTokens, model, and
 * warmupUrl, warmupCalls: calls made first, with the same client code, to another server.
 * In async mode a worker is a chain of calls: each completion schedules the next.
 *
 * <p>Prints {@code bench.KEY=VALUE} lines: calls, succeeded, failed, p50Ms, p99Ms, sendingMs,
 * elapsedMs, unfinished, and {@code bench.cause.CAUSE=N} for each kind of failure.
 */
public final class ThrottleWorkload {
    static final MediaType JSON = MediaType.get("application/json");

    /** One logical call: success or a short cause. */
    interface ChatCaller {
        /** Blocks until the call ends; null on success, else a short cause. */
        String call();

        /** Starts the call; {@code done} gets null on success, else a short cause. */
        void callAsync(java.util.function.Consumer<String> done);

        void close();
    }

    private final int threads;
    private final long sendingNanos;
    private final long maxCalls;
    private final long thinkMs;
    private final ChatCaller caller;
    private final LatencyLog latencies = new LatencyLog();
    private final Map<String, AtomicInteger> causes = new ConcurrentHashMap<>();
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger succeeded = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile long startNanos;

    private ThrottleWorkload(int threads, long sendingMillis, long maxCalls, long thinkMs, ChatCaller caller) {
        this.threads = threads;
        this.sendingNanos = TimeUnit.MILLISECONDS.toNanos(sendingMillis);
        this.maxCalls = maxCalls;
        this.thinkMs = thinkMs;
        this.caller = caller;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        int threads = Integer.parseInt(a.getOrDefault("threads", "16"));
        boolean async = "async".equals(a.getOrDefault("mode", "sync"));
        String warmupUrl = a.get("warmupUrl");
        if (warmupUrl != null) {
            // the same client code against another server (another quota): classes loaded and compiled
            // before the measured run, whose quota still starts cold
            ChatCaller warmupCaller = caller(a, warmupUrl);
            new ThrottleWorkload(Math.min(threads, 8), 30_000, Long.parseLong(a.getOrDefault("warmupCalls", "150")), 0,
                    warmupCaller).run(async);
            warmupCaller.close();
        }
        ChatCaller caller = caller(a, a.get("url"));
        ThrottleWorkload w = new ThrottleWorkload(threads, 1000 * Long.parseLong(a.getOrDefault("seconds", "10")),
                Long.parseLong(a.getOrDefault("calls", "-1")),
                Long.parseLong(a.getOrDefault("thinkMs", "50")), caller);
        long unfinished = w.run(async);
        caller.close();
        w.print(unfinished);
        System.out.flush();
        System.exit(0); // client thread pools may linger; the figures are out
    }

    private static ChatCaller caller(Map<String, String> a, String baseUrl) {
        String apiKey = a.getOrDefault("apiKey", "sk-bench");
        String model = a.getOrDefault("model", "gpt-4o-mini");
        int maxTokens = Integer.parseInt(a.getOrDefault("maxTokens", "16"));
        String prompt = prompt(Integer.parseInt(a.getOrDefault("promptChars", "64")));
        switch (a.getOrDefault("client", "okhttp")) {
            case "sdk":
                return SdkChatCaller.create(baseUrl, apiKey, model, prompt, maxTokens);
            case "jdk":
                return new JdkChatCaller(baseUrl, apiKey, chatBody(model, prompt, maxTokens));
            case "apache":
                return "async".equals(a.get("mode")) ? new ApacheAsyncChatCaller(baseUrl, apiKey, chatBody(model, prompt, maxTokens))
                        : new ApacheChatCaller(baseUrl, apiKey, chatBody(model, prompt, maxTokens));
            case "urlconnection":
                return new UrlConnectionChatCaller(baseUrl, apiKey, chatBody(model, prompt, maxTokens));
            case "langchain4j":
                return new LangChain4jChatCaller(baseUrl, apiKey, model, prompt, maxTokens);
            default:
                return new OkHttpChatCaller(baseUrl, apiKey, chatBody(model, prompt, maxTokens));
        }
    }

    /** A prompt of exactly {@code chars} characters of plain text. */
    static String prompt(int chars) {
        String words = "Summarise the customer's support ticket in one short sentence, mentioning the product. ";
        StringBuilder sb = new StringBuilder(chars);
        while (sb.length() < chars) {
            sb.append(words, 0, Math.min(words.length(), chars - sb.length()));
        }
        return sb.toString();
    }

    /** The chat completions body the OkHttp client sends (the SDK sends the same messages and limit). */
    static String chatBody(String model, String prompt, int maxTokens) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt
                + "\"}],\"max_completion_tokens\":" + maxTokens + "}";
    }

    /** Runs the workers; returns how many calls had not ended when it stopped waiting. */
    private long run(boolean async) throws InterruptedException {
        CountDownLatch workersDone = new CountDownLatch(threads);
        startNanos = System.nanoTime();
        if (async) {
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "bench-timer");
                t.setDaemon(true);
                return t;
            });
            for (int i = 0; i < threads; i++) {
                timer.schedule(() -> nextAsync(timer, workersDone), i, TimeUnit.MILLISECONDS);
            }
        } else {
            for (int i = 0; i < threads; i++) {
                Thread t = new Thread(() -> {
                    try {
                        while (sending()) {
                            long start = System.nanoTime();
                            record(start, caller.call());
                            think();
                        }
                    } finally {
                        workersDone.countDown();
                    }
                }, "bench-worker-" + i);
                t.setDaemon(true);
                t.start();
            }
        }
        // calls in flight when sending stops still end; a minute is far beyond any wait the guard allows
        workersDone.await(sendingNanos / 1_000_000 + 60_000, TimeUnit.MILLISECONDS);
        return workersDone.getCount();
    }

    private void nextAsync(ScheduledExecutorService timer, CountDownLatch workersDone) {
        if (!sending()) {
            workersDone.countDown();
            return;
        }
        long start = System.nanoTime();
        try {
            caller.callAsync(cause -> {
                record(start, cause);
                timer.schedule(() -> nextAsync(timer, workersDone), thinkMs, TimeUnit.MILLISECONDS);
            });
        } catch (RuntimeException e) {
            record(start, e.getClass().getSimpleName());
            timer.schedule(() -> nextAsync(timer, workersDone), thinkMs, TimeUnit.MILLISECONDS);
        }
    }

    private boolean sending() {
        return System.nanoTime() - startNanos < sendingNanos && (maxCalls < 0 || started.incrementAndGet() <= maxCalls);
    }

    private void think() {
        if (thinkMs > 0) {
            try {
                Thread.sleep(thinkMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void record(long startNanos, String cause) {
        latencies.add(System.nanoTime() - startNanos);
        if (cause == null) {
            succeeded.incrementAndGet();
        } else {
            failed.incrementAndGet();
            causes.computeIfAbsent(cause, c -> new AtomicInteger()).incrementAndGet();
        }
    }

    private void print(long unfinished) {
        long[] sorted = latencies.sorted();
        Map<String, String> out = new LinkedHashMap<>();
        out.put("calls", Long.toString(succeeded.get() + failed.get()));
        out.put("succeeded", Integer.toString(succeeded.get()));
        out.put("failed", Integer.toString(failed.get()));
        out.put("unfinished", Long.toString(unfinished));
        out.put("p50Ms", Long.toString(percentileMillis(sorted, 50)));
        out.put("p99Ms", Long.toString(percentileMillis(sorted, 99)));
        out.put("elapsedMs", Long.toString((System.nanoTime() - startNanos) / 1_000_000));
        out.put("cpuMs", Long.toString(processCpuMillis()));
        new TreeMap<>(causes).forEach((cause, n) -> out.put("cause." + cause.replace(' ', '_'), Integer.toString(n.get())));
        out.forEach((k, v) -> System.out.println("bench." + k + "=" + v));
    }

    /** CPU time this JVM used so far (all threads, JIT and GC included); -1 when unknown. */
    private static long processCpuMillis() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() / 1_000_000 : -1;
    }

    /** Nearest-rank percentile, in milliseconds; 0 without samples. */
    static long percentileMillis(long[] sortedNanos, int percent) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sortedNanos.length);
        return Math.round(sortedNanos[Math.max(0, rank - 1)] / 1e6);
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            m.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return m;
    }

    /** Every call's latency, in nanoseconds. */
    private static final class LatencyLog {
        private long[] values = new long[1024];
        private int size;

        synchronized void add(long nanos) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        synchronized long[] sorted() {
            long[] copy = Arrays.copyOf(values, size);
            Arrays.sort(copy);
            return copy;
        }
    }

    /** Plain OkHttp with its default settings: no retry on a 429. */
    static final class OkHttpChatCaller implements ChatCaller {
        private final OkHttpClient client = new OkHttpClient();
        private final String url;
        private final String apiKey;
        private final String body;

        OkHttpChatCaller(String baseUrl, String apiKey, String body) {
            this.url = baseUrl + "/chat/completions";
            this.apiKey = apiKey;
            this.body = body;
        }

        private Call newCall() {
            Request request = new Request.Builder().url(url).header("Authorization", "Bearer " + apiKey)
                    .post(RequestBody.create(body, JSON)).build();
            return client.newCall(request);
        }

        @Override
        public String call() {
            try (Response r = newCall().execute()) {
                return outcome(r);
            } catch (IOException e) {
                return "I/O " + e.getClass().getSimpleName();
            }
        }

        @Override
        public void callAsync(java.util.function.Consumer<String> done) {
            newCall().enqueue(new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                    done.accept("I/O " + e.getClass().getSimpleName());
                }

                @Override
                public void onResponse(Call call, Response response) {
                    String cause;
                    try (Response r = response) {
                        cause = outcome(r);
                    } catch (IOException e) {
                        cause = "I/O " + e.getClass().getSimpleName();
                    }
                    done.accept(cause);
                }
            });
        }

        private static String outcome(Response r) throws IOException {
            r.body().string(); // read it all, as an application would
            if (r.isSuccessful()) {
                return null;
            }
            return r.header("x-llm-guard") != null ? r.code() + " refused by llm-guard" : Integer.toString(r.code());
        }

        @Override
        public void close() {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }
}
