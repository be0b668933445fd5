package dev.llmguard.demo;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.llmguard.demo.simulator.LlmApiSimulator;
import dev.llmguard.demo.simulator.RetryAfterMode;
import dev.llmguard.demo.simulator.SimulatorStats;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately naive "legacy" service: several threads call a chat completions API in a tight
 * loop, half through the official OpenAI Java SDK (default settings), half through plain OkHttp.
 * Nothing retries beyond what the SDK does by default; a failed call is counted and the thread
 * moves on. Without options it runs against an embedded, rate-limited {@link LlmApiSimulator}.
 *
 * <p>Exit code: 0 when every call succeeded, 1 when some failed, 2 on a usage error.
 */
public final class DemoApp {

    static final int DEFAULT_THREADS = 8;
    static final int DEFAULT_REQUESTS = 6;
    static final long DEFAULT_RPM = 240;
    static final long DEFAULT_TPM = 200_000;
    static final String SIMULATOR_API_KEY = "sk-sim-demo";

    private static final MediaType JSON = MediaType.get("application/json");
    private static final Pattern ERROR_CODE = Pattern.compile("\"code\"\\s*:\\s*\"([^\"]*)\"");

    private DemoApp() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /**
     * Runs the demo in this JVM.
     *
     * @param env where {@code OPENAI_BASE_URL} and {@code OPENAI_API_KEY} are looked up
     * @return the exit code
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args, env);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println("Try --help.");
            return 2;
        }
        if (options.help) {
            out.print(usage());
            return 0;
        }
        if (options.baseUrl != null) {
            if (options.simulatorOptionGiven) {
                err.println("note: --rpm, --tpm, --latency-ms and --reset-headers-only only apply to the embedded simulator");
            }
            out.printf("llm-guard demo: %d threads x %d requests to %s (model %s)%n",
                    options.threads, options.requests, options.baseUrl, options.model);
            return runWorkload(options, options.baseUrl, options.apiKey, null, out);
        }
        try (LlmApiSimulator simulator = LlmApiSimulator.builder()
                .requestsPerMinute(options.rpm)
                .tokensPerMinute(options.tpm)
                .latency(Duration.ofMillis(options.latencyMs))
                .retryAfterMode(options.resetHeadersOnly ? RetryAfterMode.RESET_HEADERS_ONLY : RetryAfterMode.RETRY_AFTER)
                .start()) {
            out.printf("llm-guard demo: %d threads x %d requests to the embedded simulator at %s%n",
                    options.threads, options.requests, simulator.baseUrl());
            long windowMs = simulator.enforcementWindow().toMillis();
            out.printf("simulator: %s requests/min, %s tokens/min, enforced per %s window, %s%n",
                    limitText(options.rpm), limitText(options.tpm),
                    windowMs % 1000 == 0 ? windowMs / 1000 + " s" : windowMs + " ms",
                    options.resetHeadersOnly ? "no retry-after (reset headers only)" : "retry-after sent");
            return runWorkload(options, simulator.baseUrl(), SIMULATOR_API_KEY, simulator, out);
        }
    }

    private static String limitText(long limit) {
        return limit == 0 ? "unlimited" : Long.toString(limit);
    }

    // ------------------------------------------------------------------ workload

    /** Counts of one kind of client. */
    static final class Tally {
        final String name;
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger succeeded = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final Map<String, AtomicInteger> causes = new ConcurrentHashMap<>();

        Tally(String name) {
            this.name = name;
        }

        void success() {
            requests.incrementAndGet();
            succeeded.incrementAndGet();
        }

        void failure(String cause) {
            requests.incrementAndGet();
            failed.incrementAndGet();
            causes.computeIfAbsent(cause, c -> new AtomicInteger()).incrementAndGet();
        }
    }

    private static int runWorkload(Options options, String baseUrl, String apiKey, LlmApiSimulator simulator,
                                   PrintStream out) {
        Tally sdk = new Tally("sdk");
        Tally okhttp = new Tally("okhttp");
        OpenAIClient sdkClient = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey(apiKey).build();
        OkHttpClient httpClient = new OkHttpClient();
        String chatUrl = stripTrailingSlash(baseUrl) + "/chat/completions";
        CountDownLatch startSignal = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < options.threads; t++) {
            int threadIndex = t;
            boolean useSdk = t % 2 == 0;
            Runnable loop = () -> {
                awaitQuietly(startSignal);
                for (int r = 0; r < options.requests; r++) {
                    String prompt = "Summarize support ticket #" + (threadIndex * options.requests + r + 1)
                            + " in one sentence.";
                    String failure = useSdk
                            ? callSdk(sdkClient, options.model, prompt)
                            : callOkHttp(httpClient, chatUrl, apiKey, options.model, prompt);
                    Tally tally = useSdk ? sdk : okhttp;
                    if (failure == null) {
                        tally.success();
                    } else {
                        tally.failure(failure);
                        if (options.verbose) {
                            out.printf("%s thread %d call %d failed: %s%n", tally.name, threadIndex, r + 1, failure);
                        }
                    }
                }
            };
            Thread thread = new Thread(loop, "demo-" + (useSdk ? "sdk-" : "okhttp-") + t);
            threads.add(thread);
            thread.start();
        }
        long startNanos = System.nanoTime();
        startSignal.countDown();
        for (Thread thread : threads) {
            joinQuietly(thread);
        }
        double elapsedSeconds = (System.nanoTime() - startNanos) / 1e9;
        sdkClient.close();
        httpClient.dispatcher().executorService().shutdown();
        httpClient.connectionPool().evictAll();

        printSummary(out, List.of(sdk, okhttp));
        if (simulator != null) {
            SimulatorStats stats = simulator.stats();
            out.printf(Locale.ROOT, "server: %d requests received, %d answered 429; elapsed %.1f s%n",
                    stats.received(), stats.answered429(), elapsedSeconds);
        } else {
            out.printf(Locale.ROOT, "elapsed %.1f s%n", elapsedSeconds);
        }
        return sdk.failed.get() + okhttp.failed.get() == 0 ? 0 : 1;
    }

    /** One chat completion through the OpenAI SDK; returns null on success, else a short cause. */
    private static String callSdk(OpenAIClient client, String model, String prompt) {
        try {
            client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model(model)
                    .addUserMessage(prompt)
                    .maxCompletionTokens(16)
                    .build());
            return null;
        } catch (OpenAIServiceException e) {
            return e.statusCode() + " " + e.code().or(e::type).orElse("error");
        } catch (OpenAIIoException e) {
            return ioCause(e);
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }

    /** One chat completion as a plain OkHttp POST; returns null on success, else a short cause. */
    private static String callOkHttp(OkHttpClient client, String url, String apiKey, String model, String prompt) {
        String json = chatRequestJson(model, prompt);
        Request request = new Request.Builder()
                .url(url)
                .header("Authorization", "Bearer " + apiKey)
                .post(RequestBody.create(json, JSON))
                .build();
        try (Response response = client.newCall(request).execute()) {
            ResponseBody body = response.body();
            String text = body == null ? "" : body.string();
            if (response.isSuccessful()) {
                return null;
            }
            Matcher code = ERROR_CODE.matcher(text);
            return response.code() + (code.find() ? " " + code.group(1) : "");
        } catch (IOException e) {
            return ioCause(e);
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }

    private static String ioCause(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return "I/O error (" + root.getClass().getSimpleName() + ")";
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    /** The chat completion request the plain-OkHttp threads send. */
    static String chatRequestJson(String model, String prompt) {
        java.util.Map<String, Object> message = new java.util.LinkedHashMap<>();
        message.put("role", "user");
        message.put("content", prompt);
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("model", model);
        body.put("messages", java.util.List.of(message));
        body.put("max_tokens", 16);
        try {
            return MAPPER.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("plain maps always serialise", e);
        }
    }

    private static void printSummary(PrintStream out, List<Tally> tallies) {
        out.printf("%-8s %9s %10s %7s%n", "client", "requests", "succeeded", "failed");
        int requests = 0;
        int succeeded = 0;
        int failed = 0;
        Map<String, Integer> causes = new TreeMap<>();
        for (Tally t : tallies) {
            out.printf("%-8s %9d %10d %7d%n", t.name, t.requests.get(), t.succeeded.get(), t.failed.get());
            requests += t.requests.get();
            succeeded += t.succeeded.get();
            failed += t.failed.get();
            t.causes.forEach((cause, n) -> causes.merge(cause, n.get(), Integer::sum));
        }
        out.printf("%-8s %9d %10d %7d%n", "total", requests, succeeded, failed);
        if (!causes.isEmpty()) {
            StringBuilder sb = new StringBuilder("failures:");
            causes.forEach((cause, n) -> sb.append(sb.length() > 9 ? ", " : " ").append(n).append(" x ").append(cause));
            out.println(sb);
        }
    }



    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ options

    static String usage() {
        return """
                Usage: java [-javaagent:llm-guard.jar] -jar llm-guard-demo.jar [options]

                A naive service that calls a chat completions API from several threads in a tight loop,
                half through the OpenAI Java SDK (default settings), half through plain OkHttp, and
                prints how many calls succeeded. Without --base-url it starts a rate-limited simulator.

                  --threads N            client threads (default %d; even ones use the SDK, odd ones OkHttp)
                  --requests N           calls per thread (default %d)
                  --model NAME           model to ask for (default %s)
                  --base-url URL         use this OpenAI-compatible endpoint instead of the simulator
                                         (default: env OPENAI_BASE_URL)
                  --api-key KEY          API key for --base-url (default: env OPENAI_API_KEY)
                simulator only:
                  --rpm N                requests per minute, enforced per 1 s window (default %d; 0 = unlimited)
                  --tpm N                tokens per minute (default %d; 0 = unlimited)
                  --latency-ms N         delay before each successful answer (default 0)
                  --reset-headers-only   send no retry-after on 429, only x-ratelimit-reset-* headers
                other:
                  --verbose              one line per failed call
                  --help                 this text

                Exit code: 0 when every call succeeded, 1 when some failed, 2 on a usage error.
                """.formatted(DEFAULT_THREADS, DEFAULT_REQUESTS, LlmApiSimulator.DEFAULT_MODEL, DEFAULT_RPM,
                DEFAULT_TPM);
    }

    static final class Options {
        int threads = DEFAULT_THREADS;
        int requests = DEFAULT_REQUESTS;
        String model = LlmApiSimulator.DEFAULT_MODEL;
        String baseUrl;
        String apiKey;
        long rpm = DEFAULT_RPM;
        long tpm = DEFAULT_TPM;
        long latencyMs;
        boolean resetHeadersOnly;
        boolean verbose;
        boolean help;
        boolean simulatorOptionGiven;

        static Options parse(String[] args, Map<String, String> env) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String value = null;
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 0) {
                    value = arg.substring(eq + 1);
                    arg = arg.substring(0, eq);
                }
                switch (arg) {
                    case "--help", "-h" -> o.help = true;
                    case "--verbose" -> o.verbose = true;
                    case "--reset-headers-only" -> {
                        o.resetHeadersOnly = true;
                        o.simulatorOptionGiven = true;
                    }
                    case "--threads", "--requests", "--model", "--base-url", "--api-key", "--rpm", "--tpm",
                            "--latency-ms" -> {
                        if (value == null) {
                            if (i + 1 >= args.length) {
                                throw new IllegalArgumentException(arg + " needs a value");
                            }
                            value = args[++i];
                        }
                        o.set(arg, value);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (o.baseUrl == null) {
                o.baseUrl = blankToNull(env.get("OPENAI_BASE_URL"));
            }
            if (o.apiKey == null) {
                o.apiKey = blankToNull(env.get("OPENAI_API_KEY"));
            }
            if (o.baseUrl != null && o.apiKey == null && !o.help) {
                throw new IllegalArgumentException("an API key is needed with a base URL (--api-key or OPENAI_API_KEY)");
            }
            return o;
        }

        private void set(String option, String value) {
            switch (option) {
                case "--threads" -> threads = (int) number(option, value, 1, 1024);
                case "--requests" -> requests = (int) number(option, value, 0, 1_000_000);
                case "--model" -> model = requireText(option, value);
                case "--base-url" -> baseUrl = requireText(option, value);
                case "--api-key" -> apiKey = requireText(option, value);
                case "--rpm" -> {
                    rpm = number(option, value, 0, Long.MAX_VALUE / 4);
                    simulatorOptionGiven = true;
                }
                case "--tpm" -> {
                    tpm = number(option, value, 0, Long.MAX_VALUE / 4);
                    simulatorOptionGiven = true;
                }
                case "--latency-ms" -> {
                    latencyMs = number(option, value, 0, 600_000);
                    simulatorOptionGiven = true;
                }
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }

        private static long number(String option, String value, long min, long max) {
            long n;
            try {
                n = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a number, got '" + value + "'");
            }
            if (n < min || n > max) {
                throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        }

        private static String requireText(String option, String value) {
            if (value.isBlank()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value.trim();
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s.trim();
        }
    }
}
