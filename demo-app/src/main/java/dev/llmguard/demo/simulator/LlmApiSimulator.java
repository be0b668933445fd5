package dev.llmguard.demo.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local, rate-limited, OpenAI-compatible HTTP API for tests, demos and benchmarks. JDK only
 * ({@code com.sun.net.httpserver}), bound to 127.0.0.1, thread-safe.
 *
 * <pre>{@code
 * try (LlmApiSimulator sim = LlmApiSimulator.builder().requestsPerMinute(600).start()) {
 *     String base = sim.baseUrl();                 // http://127.0.0.1:PORT/v1
 *     ... point a client at it ...
 *     SimulatorStats stats = sim.stats();
 * }
 * }</pre>
 *
 * <h2>Endpoints</h2>
 * {@code POST /v1/chat/completions} (also with {@code "stream":true}: server-sent events ending in
 * {@code data: [DONE]}), {@code POST /v1/responses} (not streaming) and {@code POST /v1/embeddings}.
 * The {@code /v1} prefix is optional. Unknown paths answer 404, other methods 405, a body that is
 * not a JSON object 400, all with OpenAI's {@code {"error":{message,type,param,code}}} shape.
 * Authorization is not checked.
 *
 * <h2>Rate-limit model</h2>
 * Each limit (requests per minute, tokens per minute; 0 means unlimited) is a pair of token buckets
 * refilled continuously at {@code limit / 60 s}:
 * <ul>
 *   <li><b>Enforcement.</b> Like OpenAI, a per-minute limit is enforced over a short window
 *       (default 1 s): the deciding bucket holds {@code limit * window / 60 s}, so 600 RPM admits a
 *       burst of 10 requests and then one every 100 ms. A request is admitted when both the request
 *       bucket holds 1 and the token bucket holds the request's token cost (a cost larger than the
 *       bucket is admitted when it is full, leaving it in debt). Otherwise it gets a 429.</li>
 *   <li><b>Headers.</b> {@code x-ratelimit-limit-*} is the per-minute limit.
 *       {@code x-ratelimit-remaining-*} is what is left of a one-minute bucket (capacity = the limit,
 *       same refill, debited together with the enforcement bucket), and {@code x-ratelimit-reset-*}
 *       is the time until that minute bucket is full again, as a Go duration ({@code 0s},
 *       {@code 86ms}, {@code 1.5s}, {@code 6m0s}). As on OpenAI, remaining can be well above 0 on a
 *       429 caused by the short window, and reset is never shorter than the wait the 429 asks for.</li>
 *   <li><b>429.</b> The body is OpenAI's {@code rate_limit_exceeded} error with type {@code requests}
 *       or {@code tokens} (whichever needs the longer wait) and a message ending in
 *       "Please try again in {wait}." where wait is the time until the enforcement bucket admits the
 *       request, provided nothing else arrives in between. With {@link RetryAfterMode#RETRY_AFTER}
 *       the same wait is sent as {@code retry-after} (seconds, rounded up) and {@code retry-after-ms}.
 *       "Used" in the message is the used part of the minute bucket.</li>
 *   <li><b>Rejected requests count</b> (default, as on OpenAI): a 429 uses up whatever the request
 *       buckets have refilled since, without going into debt; clients that hammer therefore keep
 *       everyone out.</li>
 *   <li>Token cost of a request = prompt tokens + {@code max_completion_tokens},
 *       {@code max_tokens} or {@code max_output_tokens} (default {@link Builder#defaultMaxTokens}; 0 for
 *       embeddings). Prompt tokens are ceil(prompt characters / 4 * {@link Builder#tokenizerRatio}) (ratio 1
 *       by default: real tokenizers count other text differently), reported as the usage's prompt
 *       tokens. A cost above the whole TPM limit gets OpenAI's "Request too large" 429 (type
 *       {@code tokens}, no retry-after: waiting will not help).</li>
 *   <li>With {@link Builder#insufficientQuotaAfter(long) insufficientQuotaAfter(n)}, once n requests
 *       have been admitted every request gets 429 {@code insufficient_quota} (no retry-after; it does
 *       not use the rate limits).</li>
 * </ul>
 * Every response carries {@code x-request-id: req_sim_N} (N = arrival number, also in the
 * completion id {@code chatcmpl-sim-N}) and {@code openai-organization}. A configured latency delays
 * 200 answers only; 429s are immediate.
 */
public final class LlmApiSimulator implements AutoCloseable {

    public static final String DEFAULT_MODEL = "gpt-4o-mini";
    private static final String RATE_LIMIT_DOCS = "https://platform.openai.com/account/rate-limits";
    private static final String INVALID_JSON_MESSAGE = "We could not parse the JSON body of your request. "
            + "(HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects "
            + "a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to "
            + "fix this, please contact us through our help center at help.openai.com.)";
    private static final String QUOTA_MESSAGE =
            "You exceeded your current quota, please check your plan and billing details.";

    private enum Kind { OK, RATE_LIMITED, QUOTA, OTHER }

    private enum Endpoint { CHAT, RESPONSES, EMBEDDINGS }

    private final long requestsPerMinute;
    private final long tokensPerMinute;
    private final Duration enforcementWindow;
    private final RetryAfterMode retryAfterMode;
    private final boolean countRejectedRequests;
    private final long insufficientQuotaAfter;
    private final Duration latency;
    private final Duration streamEventInterval;
    private final long defaultMaxTokens;
    private final double tokenizerRatio;
    private final String organization;
    private final int requestedPort;
    private final int threads;
    private final int recordLimit;
    private final Duration resolution;

    private final Object lifecycleLock = new Object();
    private HttpServer server;
    private ExecutorService executor;
    private boolean closed;

    private final Object limitLock = new Object();
    private RateBucket requestBucket;
    private RateBucket tokenBucket;
    private long admitted;

    private final AtomicLong sequence = new AtomicLong();

    private final Object statsLock = new Object();
    private long statsEpochNanos = System.nanoTime();
    private long received;
    private long succeeded;
    private long rateLimited;
    private long quotaExceeded;
    private long otherErrors;
    private final ArrayList<long[]> timeline = new ArrayList<>();

    private final ArrayDeque<RecordedRequest> recorded = new ArrayDeque<>();

    private LlmApiSimulator(Builder b) {
        this.requestsPerMinute = b.requestsPerMinute;
        this.tokensPerMinute = b.tokensPerMinute;
        this.enforcementWindow = b.enforcementWindow;
        this.retryAfterMode = b.retryAfterMode;
        this.countRejectedRequests = b.countRejectedRequests;
        this.insufficientQuotaAfter = b.insufficientQuotaAfter;
        this.latency = b.latency;
        this.streamEventInterval = b.streamEventInterval;
        this.defaultMaxTokens = b.defaultMaxTokens;
        this.tokenizerRatio = b.tokenizerRatio;
        this.organization = b.organization;
        this.requestedPort = b.port;
        this.threads = b.threads;
        this.recordLimit = b.recordLimit;
        this.resolution = b.timelineResolution;
        resetLimits(System.nanoTime());
    }

    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ lifecycle

    /** Binds 127.0.0.1 and starts answering. Returns {@code this}. */
    public LlmApiSimulator start() {
        synchronized (lifecycleLock) {
            if (closed) {
                throw new IllegalStateException("simulator already closed");
            }
            if (server != null) {
                throw new IllegalStateException("simulator already started");
            }
            try {
                HttpServer s = HttpServer.create(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 1024);
                executor = Executors.newFixedThreadPool(threads, daemonThreads());
                s.setExecutor(executor);
                s.createContext("/", this::handle);
                s.start();
                server = s;
            } catch (IOException e) {
                if (executor != null) {
                    executor.shutdownNow();
                }
                throw new UncheckedIOException("cannot start the simulator", e);
            }
            reset();
            return this;
        }
    }

    /** Stops the server; requests in progress are cut off. Idempotent. */
    @Override
    public void close() {
        synchronized (lifecycleLock) {
            closed = true;
            if (server != null) {
                server.stop(0);
                executor.shutdownNow();
                try {
                    executor.awaitTermination(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                server = null;
            }
        }
    }

    /** The port bound by {@link #start()}. */
    public int port() {
        synchronized (lifecycleLock) {
            if (server == null) {
                throw new IllegalStateException("simulator not running");
            }
            return server.getAddress().getPort();
        }
    }

    /** {@code http://127.0.0.1:PORT/v1}, what OpenAI clients take as base URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    // ------------------------------------------------------------------ configuration

    /** Configured requests per minute, 0 = unlimited. */
    public long requestsPerMinute() {
        return requestsPerMinute;
    }

    /** Configured tokens per minute, 0 = unlimited. */
    public long tokensPerMinute() {
        return tokensPerMinute;
    }

    public Duration enforcementWindow() {
        return enforcementWindow;
    }

    public RetryAfterMode retryAfterMode() {
        return retryAfterMode;
    }

    /**
     * Long-run rate the limits allow for requests of the given token cost (see {@link #tokenCost});
     * {@code Double.POSITIVE_INFINITY} when nothing is limited.
     */
    public double sustainableRequestsPerSecond(long tokensPerRequest) {
        double rate = Double.POSITIVE_INFINITY;
        if (requestsPerMinute > 0) {
            rate = requestsPerMinute / 60.0;
        }
        if (tokensPerMinute > 0 && tokensPerRequest > 0) {
            rate = Math.min(rate, tokensPerMinute / 60.0 / tokensPerRequest);
        }
        return rate;
    }

    /**
     * The token cost the simulator charges for a chat completions request body (see the class
     * documentation). Throws {@link IllegalArgumentException} when it is not a JSON object.
     */
    public long tokenCost(String chatCompletionsRequestJson) {
        Object parsed = Json.parse(chatCompletionsRequestJson);
        if (!(parsed instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return tokenCost(Endpoint.CHAT, map);
    }

    // ------------------------------------------------------------------ statistics

    /** A consistent snapshot of the counters and the timeline. */
    public SimulatorStats stats() {
        synchronized (statsLock) {
            List<SimulatorStats.TimeBucket> buckets = new ArrayList<>(timeline.size());
            for (int i = 0; i < timeline.size(); i++) {
                long[] t = timeline.get(i);
                buckets.add(new SimulatorStats.TimeBucket(resolution.multipliedBy(i), t[0], t[1], t[2]));
            }
            return new SimulatorStats(received, succeeded, rateLimited, quotaExceeded, otherErrors,
                    resolution, buckets);
        }
    }

    /** The last requests answered (at most the configured record limit), oldest first. */
    public List<RecordedRequest> receivedRequests() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    /** Zeroes the counters and the timeline (whose offsets then count from now) and forgets recorded requests. */
    public void resetStatistics() {
        synchronized (statsLock) {
            statsEpochNanos = System.nanoTime();
            received = 0;
            succeeded = 0;
            rateLimited = 0;
            quotaExceeded = 0;
            otherErrors = 0;
            timeline.clear();
        }
        synchronized (recorded) {
            recorded.clear();
        }
    }

    /** {@link #resetStatistics()}, and refills every limit and restarts the quota count. */
    public void reset() {
        resetStatistics();
        resetLimits(System.nanoTime());
    }

    private void resetLimits(long now) {
        synchronized (limitLock) {
            requestBucket = requestsPerMinute > 0 ? new RateBucket(requestsPerMinute, enforcementWindow, now) : null;
            tokenBucket = tokensPerMinute > 0 ? new RateBucket(tokensPerMinute, enforcementWindow, now) : null;
            admitted = 0;
        }
    }

    /** Counts an arrival; returns its time, read under the lock so that it is ordered with resets. */
    private long countArrival() {
        synchronized (statsLock) {
            received++;
            return System.nanoTime();
        }
    }

    /** Counts an answer; false when the request arrived before the last reset (and so is not counted). */
    private boolean countAnswer(long arrivalNanos, int status, Kind kind) {
        synchronized (statsLock) {
            long offset = arrivalNanos - statsEpochNanos;
            if (offset < 0) {
                return false;
            }
            switch (kind) {
                case OK -> succeeded++;
                case RATE_LIMITED -> rateLimited++;
                case QUOTA -> quotaExceeded++;
                case OTHER -> otherErrors++;
            }
            int index = (int) Math.min(Integer.MAX_VALUE - 1, offset / resolution.toNanos());
            if (index > 10_000_000) {
                return true; // a timeline this long is of no use; keep the memory bounded
            }
            while (timeline.size() <= index) {
                timeline.add(new long[3]);
            }
            long[] bucket = timeline.get(index);
            bucket[0]++;
            if (status == 200) {
                bucket[1]++;
            } else if (status == 429) {
                bucket[2]++;
            }
            return true;
        }
    }

    private void record(long seq, Instant at, HttpExchange ex, byte[] body, int status) {
        if (recordLimit <= 0) {
            return;
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
        RecordedRequest r = new RecordedRequest(seq, at, ex.getRequestMethod(), ex.getRequestURI().getPath(),
                Collections.unmodifiableMap(headers), body, status);
        synchronized (recorded) {
            while (recorded.size() >= recordLimit) {
                recorded.removeFirst();
            }
            recorded.addLast(r);
        }
    }

    // ------------------------------------------------------------------ admission

    private record LimitState(long reqLimit, long reqRemaining, long reqResetNanos,
                              long tokLimit, long tokRemaining, long tokResetNanos) {
    }

    private enum Verdict { ADMITTED, REQUESTS, TOKENS, TOO_LARGE, QUOTA }

    private record Decision(Verdict verdict, long limit, long used, long requested, long waitNanos, LimitState state) {
    }

    private Decision admit(long tokens) {
        synchronized (limitLock) {
            long now = System.nanoTime();
            if (requestBucket != null) {
                requestBucket.refill(now);
            }
            if (tokenBucket != null) {
                tokenBucket.refill(now);
            }
            if (insufficientQuotaAfter >= 0 && admitted >= insufficientQuotaAfter) {
                return new Decision(Verdict.QUOTA, 0, 0, 0, 0, limitState());
            }
            if (tokenBucket != null && tokens > tokenBucket.limit()) {
                chargeRejected();
                return new Decision(Verdict.TOO_LARGE, tokenBucket.limit(), 0, tokens, 0, limitState());
            }
            long requestWait = requestBucket == null ? 0 : requestBucket.waitNanos(1);
            long tokenWait = tokenBucket == null ? 0 : tokenBucket.waitNanos(tokens);
            if (requestWait == 0 && tokenWait == 0) {
                if (requestBucket != null) {
                    requestBucket.consume(1);
                }
                if (tokenBucket != null) {
                    tokenBucket.consume(tokens);
                }
                admitted++;
                return new Decision(Verdict.ADMITTED, 0, 0, 0, 0, limitState());
            }
            Decision d;
            if (requestWait >= tokenWait) {
                d = new Decision(Verdict.REQUESTS, requestBucket.limit(), requestBucket.used(), 1, requestWait, null);
            } else {
                d = new Decision(Verdict.TOKENS, tokenBucket.limit(), tokenBucket.used(), tokens, tokenWait, null);
            }
            chargeRejected();
            return new Decision(d.verdict, d.limit, d.used, d.requested, d.waitNanos, limitState());
        }
    }

    private void chargeRejected() {
        if (countRejectedRequests && requestBucket != null) {
            requestBucket.chargeRejected(1);
        }
    }

    private LimitState limitState() {
        return new LimitState(
                requestBucket == null ? -1 : requestBucket.limit(),
                requestBucket == null ? -1 : requestBucket.remaining(),
                requestBucket == null ? -1 : requestBucket.resetNanos(),
                tokenBucket == null ? -1 : tokenBucket.limit(),
                tokenBucket == null ? -1 : tokenBucket.remaining(),
                tokenBucket == null ? -1 : tokenBucket.resetNanos());
    }

    private LimitState currentLimitState() {
        synchronized (limitLock) {
            long now = System.nanoTime();
            if (requestBucket != null) {
                requestBucket.refill(now);
            }
            if (tokenBucket != null) {
                tokenBucket.refill(now);
            }
            return limitState();
        }
    }

    // ------------------------------------------------------------------ HTTP

    private void handle(HttpExchange ex) {
        long arrival = countArrival();
        Instant at = Instant.now();
        long seq = sequence.incrementAndGet();
        byte[] body = new byte[0];
        Kind[] kind = {Kind.OTHER};
        try {
            body = ex.getRequestBody().readAllBytes();
            route(ex, seq, body, kind);
        } catch (IOException e) {
            // the client went away; nothing left to answer
        } catch (RuntimeException e) {
            if (ex.getResponseCode() == -1) {
                kind[0] = Kind.OTHER;
                try {
                    sendError(ex, seq, 500, "The simulator failed: " + e, "server_error", null, null, null);
                } catch (IOException ignored) {
                    // the client went away
                }
            }
        } finally {
            int status = ex.getResponseCode();
            if (countAnswer(arrival, status, kind[0])) {
                record(seq, at, ex, body, status);
            }
            ex.close();
        }
    }

    /** Answers the request; {@code kind[0]} is set before the answer is sent, so it holds even if sending fails. */
    private void route(HttpExchange ex, long seq, byte[] body, Kind[] kind) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (path.startsWith("/v1/")) {
            path = path.substring(3);
        }
        while (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        Endpoint endpoint = switch (path) {
            case "/chat/completions" -> Endpoint.CHAT;
            case "/responses" -> Endpoint.RESPONSES;
            case "/embeddings" -> Endpoint.EMBEDDINGS;
            default -> null;
        };
        String method = ex.getRequestMethod();
        if (endpoint == null) {
            sendError(ex, seq, 404, "Invalid URL (" + method + " " + ex.getRequestURI().getPath() + ")",
                    "invalid_request_error", null, null, null);
            return;
        }
        if (!"POST".equals(method)) {
            sendError(ex, seq, 405, "Method " + method + " not allowed for " + ex.getRequestURI().getPath(),
                    "invalid_request_error", null, null, null);
            return;
        }
        Map<?, ?> request;
        try {
            Object parsed = Json.parse(new String(body, StandardCharsets.UTF_8));
            if (!(parsed instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("not an object");
            }
            request = map;
        } catch (IllegalArgumentException e) {
            sendError(ex, seq, 400, INVALID_JSON_MESSAGE, "invalid_request_error", null, null, null);
            return;
        }
        String required = switch (endpoint) {
            case CHAT -> request.get("messages") instanceof List<?> ? null : "messages";
            case EMBEDDINGS -> request.get("input") != null ? null : "input";
            case RESPONSES -> null;
        };
        if (required != null) {
            sendError(ex, seq, 400, "Missing required parameter: '" + required + "'.", "invalid_request_error",
                    required, "missing_required_parameter", null);
            return;
        }
        boolean stream = Boolean.TRUE.equals(request.get("stream"));
        if (stream && endpoint != Endpoint.CHAT) {
            sendError(ex, seq, 400, "The simulator streams chat completions only.", "invalid_request_error",
                    "stream", null, null);
            return;
        }
        String model = request.get("model") instanceof String s && !s.isEmpty() ? s : DEFAULT_MODEL;
        long promptTokens = promptTokens(endpoint, request);
        long maxTokens = maxTokens(endpoint, request);
        long cost = promptTokens + maxTokens;

        Decision d = admit(cost);
        switch (d.verdict) {
            case QUOTA -> {
                kind[0] = Kind.QUOTA;
                sendError(ex, seq, 429, QUOTA_MESSAGE, "insufficient_quota", null, "insufficient_quota", d.state);
                return;
            }
            case TOO_LARGE -> {
                kind[0] = Kind.RATE_LIMITED;
                sendError(ex, seq, 429, "Request too large for " + model + " in organization " + organization
                                + " on tokens per min (TPM): Limit " + d.limit + ", Requested " + d.requested
                                + ". The input or output tokens must be reduced in order to run successfully. Visit "
                                + RATE_LIMIT_DOCS + " to learn more.",
                        "tokens", null, "rate_limit_exceeded", d.state);
                return;
            }
            case REQUESTS, TOKENS -> {
                kind[0] = Kind.RATE_LIMITED;
                boolean requests = d.verdict == Verdict.REQUESTS;
                String message = "Rate limit reached for " + model + " in organization " + organization + " on "
                        + (requests ? "requests per min (RPM)" : "tokens per min (TPM)")
                        + ": Limit " + d.limit + ", Used " + d.used + ", Requested " + d.requested
                        + ". Please try again in " + GoDuration.format(d.waitNanos) + ". Visit " + RATE_LIMIT_DOCS
                        + " to learn more.";
                if (retryAfterMode == RetryAfterMode.RETRY_AFTER) {
                    long ms = GoDuration.ceilMillis(d.waitNanos);
                    ex.getResponseHeaders().set("retry-after", Long.toString(Math.max(1, ceilDiv(ms, 1000))));
                    ex.getResponseHeaders().set("retry-after-ms", Long.toString(ms));
                }
                sendError(ex, seq, 429, message, requests ? "requests" : "tokens", null, "rate_limit_exceeded",
                        d.state);
                return;
            }
            case ADMITTED -> kind[0] = Kind.OK;
        }
        if (!latency.isZero()) {
            pause(latency);
        }
        switch (endpoint) {
            case CHAT -> {
                if (stream) {
                    streamChat(ex, seq, model, promptTokens, maxTokens, request, d.state);
                } else {
                    sendJson(ex, seq, 200, chatCompletion(seq, model, promptTokens, maxTokens), d.state);
                }
            }
            case RESPONSES -> sendJson(ex, seq, 200, response(seq, model, promptTokens, maxTokens), d.state);
            case EMBEDDINGS -> sendJson(ex, seq, 200, embeddings(model, promptTokens, request.get("input")), d.state);
        }
    }

    // ------------------------------------------------------------------ token accounting

    private long tokenCost(Endpoint endpoint, Map<?, ?> request) {
        return promptTokens(endpoint, request) + maxTokens(endpoint, request);
    }

    private long promptTokens(Endpoint endpoint, Map<?, ?> request) {
        long chars = promptChars(endpoint, request);
        return tokenizerRatio == 1.0 ? ceilDiv(chars, 4) : (long) Math.ceil(chars / 4.0 * tokenizerRatio);
    }

    private static long promptChars(Endpoint endpoint, Map<?, ?> request) {
        return switch (endpoint) {
            case CHAT -> {
                long chars = 0;
                for (Object message : (List<?>) request.get("messages")) {
                    if (message instanceof Map<?, ?> m) {
                        chars += textChars(m.get("content"));
                    }
                }
                yield chars;
            }
            case RESPONSES -> textChars(request.get("input")) + textChars(request.get("instructions"));
            case EMBEDDINGS -> textChars(request.get("input"));
        };
    }

    /** Characters of text in a content value: a string, an array of strings or parts, token ids count 4 each. */
    private static long textChars(Object node) {
        if (node instanceof String s) {
            return s.length();
        }
        if (node instanceof Number) {
            return 4;
        }
        if (node instanceof List<?> list) {
            long chars = 0;
            for (Object item : list) {
                chars += textChars(item);
            }
            return chars;
        }
        if (node instanceof Map<?, ?> map) {
            return textChars(map.get("text")) + textChars(map.get("content"));
        }
        return 0;
    }

    private long maxTokens(Endpoint endpoint, Map<?, ?> request) {
        String[] keys = switch (endpoint) {
            case CHAT -> new String[] {"max_completion_tokens", "max_tokens"};
            case RESPONSES -> new String[] {"max_output_tokens"};
            case EMBEDDINGS -> new String[0];
        };
        if (keys.length == 0) {
            return 0;
        }
        for (String key : keys) {
            if (request.get(key) instanceof Number n && n.longValue() >= 0) {
                return n.longValue();
            }
        }
        return defaultMaxTokens;
    }

    // ------------------------------------------------------------------ bodies

    /** The answer text, cut to {@code maxTokens * 4} characters. */
    private static String completionText(long seq, long maxTokens) {
        String text = fullCompletionText(seq);
        long maxChars = maxTokens * 4;
        return text.length() > maxChars ? text.substring(0, (int) maxChars) : text;
    }

    private static String fullCompletionText(long seq) {
        return "This is simulated completion number " + seq + ".";
    }

    private static String finishReason(long seq, String text) {
        return text.length() < fullCompletionText(seq).length() ? "length" : "stop";
    }

    private static String chatCompletion(long seq, String model, long promptTokens, long maxTokens) {
        String text = completionText(seq, maxTokens);
        long completionTokens = ceilDiv(text.length(), 4);
        String finish = finishReason(seq, text);
        return "{\"id\":\"chatcmpl-sim-" + seq + "\",\"object\":\"chat.completion\",\"created\":" + epochSeconds()
                + ",\"model\":" + Json.quote(model)
                + ",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + Json.quote(text)
                + ",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"" + finish + "\"}]"
                + ",\"usage\":" + usage("prompt_tokens", promptTokens, "completion_tokens", completionTokens) + "}";
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void streamChat(HttpExchange ex, long seq, String model, long promptTokens, long maxTokens,
                            Map<?, ?> request, LimitState state) throws IOException {
        boolean includeUsage = request.get("stream_options") instanceof Map<?, ?> options
                && Boolean.TRUE.equals(options.get("include_usage"));
        String text = completionText(seq, maxTokens);
        String finish = finishReason(seq, text);
        String head = "{\"id\":\"chatcmpl-sim-" + seq + "\",\"object\":\"chat.completion.chunk\",\"created\":"
                + epochSeconds() + ",\"model\":" + Json.quote(model) + ",\"choices\":";
        String tail = includeUsage ? ",\"usage\":null}" : "}";
        List<String> events = new ArrayList<>();
        events.add(head + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,"
                + "\"finish_reason\":null}]" + tail);
        String[] words = text.split("(?<= )");
        for (String word : words) {
            if (!word.isEmpty()) {
                events.add(head + "[{\"index\":0,\"delta\":{\"content\":" + Json.quote(word)
                        + "},\"logprobs\":null,\"finish_reason\":null}]" + tail);
            }
        }
        events.add(head + "[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"" + finish + "\"}]"
                + tail);
        if (includeUsage) {
            events.add(head + "[],\"usage\":"
                    + usage("prompt_tokens", promptTokens, "completion_tokens", ceilDiv(text.length(), 4)) + "}");
        }
        events.add("[DONE]");
        addCommonHeaders(ex, seq, state);
        ex.getResponseHeaders().set("content-type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("cache-control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            for (int i = 0; i < events.size(); i++) {
                if (i > 0 && !streamEventInterval.isZero()) {
                    pause(streamEventInterval);
                }
                out.write(("data: " + events.get(i) + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }

    private static String response(long seq, String model, long promptTokens, long maxTokens) {
        String text = completionText(seq, maxTokens);
        long outputTokens = ceilDiv(text.length(), 4);
        return "{\"id\":\"resp_sim_" + seq + "\",\"object\":\"response\",\"created_at\":" + epochSeconds()
                + ",\"status\":\"completed\",\"error\":null,\"incomplete_details\":null,\"instructions\":null"
                + ",\"metadata\":{},\"temperature\":1.0,\"top_p\":1.0,\"model\":" + Json.quote(model)
                + ",\"output\":[{\"type\":\"message\",\"id\":\"msg_sim_" + seq + "\",\"status\":\"completed\","
                + "\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":" + Json.quote(text)
                + ",\"annotations\":[]}]}],\"parallel_tool_calls\":true,\"tool_choice\":\"auto\",\"tools\":[]"
                + ",\"usage\":{\"input_tokens\":" + promptTokens + ",\"input_tokens_details\":{\"cached_tokens\":0}"
                + ",\"output_tokens\":" + outputTokens + ",\"output_tokens_details\":{\"reasoning_tokens\":0}"
                + ",\"total_tokens\":" + (promptTokens + outputTokens) + "}}";
    }

    private static String embeddings(String model, long promptTokens, Object input) {
        int count = input instanceof List<?> list && !list.isEmpty() && !(list.get(0) instanceof Number)
                ? list.size() : 1;
        StringBuilder sb = new StringBuilder("{\"object\":\"list\",\"data\":[");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"object\":\"embedding\",\"index\":").append(i).append(",\"embedding\":[");
            for (int j = 0; j < 8; j++) {
                if (j > 0) {
                    sb.append(',');
                }
                sb.append(Math.round(Math.sin(i * 8 + j + 1) * 1e6) / 1e6);
            }
            sb.append("]}");
        }
        return sb.append("],\"model\":").append(Json.quote(model)).append(",\"usage\":{\"prompt_tokens\":")
                .append(promptTokens).append(",\"total_tokens\":").append(promptTokens).append("}}").toString();
    }

    private static String usage(String promptKey, long prompt, String completionKey, long completion) {
        return "{\"" + promptKey + "\":" + prompt + ",\"" + completionKey + "\":" + completion
                + ",\"total_tokens\":" + (prompt + completion) + "}";
    }

    private void sendError(HttpExchange ex, long seq, int status, String message, String type, String param,
                           String code, LimitState state) throws IOException {
        String body = "{\"error\":{\"message\":" + Json.quote(message) + ",\"type\":" + Json.quote(type)
                + ",\"param\":" + Json.quote(param) + ",\"code\":" + Json.quote(code) + "}}";
        sendJson(ex, seq, status, body, state != null ? state : currentLimitState());
    }

    private void sendJson(HttpExchange ex, long seq, int status, String json, LimitState state) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        addCommonHeaders(ex, seq, state);
        ex.getResponseHeaders().set("content-type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void addCommonHeaders(HttpExchange ex, long seq, LimitState s) {
        var h = ex.getResponseHeaders();
        h.set("x-request-id", "req_sim_" + seq);
        h.set("openai-organization", organization);
        if (s.reqLimit >= 0) {
            h.set("x-ratelimit-limit-requests", Long.toString(s.reqLimit));
            h.set("x-ratelimit-remaining-requests", Long.toString(s.reqRemaining));
            h.set("x-ratelimit-reset-requests", GoDuration.format(s.reqResetNanos));
        }
        if (s.tokLimit >= 0) {
            h.set("x-ratelimit-limit-tokens", Long.toString(s.tokLimit));
            h.set("x-ratelimit-remaining-tokens", Long.toString(s.tokRemaining));
            h.set("x-ratelimit-reset-tokens", GoDuration.format(s.tokResetNanos));
        }
    }

    private static long epochSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    private static long ceilDiv(long a, long b) {
        return a <= 0 ? 0 : (a + b - 1) / b;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "llm-api-simulator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public String toString() {
        return "LlmApiSimulator[rpm=" + requestsPerMinute + ", tpm=" + tokensPerMinute + ", window="
                + enforcementWindow + ", " + retryAfterMode + "]";
    }

    // ------------------------------------------------------------------ builder

    /** Configuration; every setting has a default. */
    public static final class Builder {
        private long requestsPerMinute = 500;
        private long tokensPerMinute = 200_000;
        private Duration enforcementWindow = Duration.ofSeconds(1);
        private RetryAfterMode retryAfterMode = RetryAfterMode.RETRY_AFTER;
        private boolean countRejectedRequests = true;
        private long insufficientQuotaAfter = -1;
        private Duration latency = Duration.ZERO;
        private Duration streamEventInterval = Duration.ZERO;
        private long defaultMaxTokens = 16;
        private double tokenizerRatio = 1.0;
        private String organization = "org-sim";
        private int port = 0;
        private int threads = 128;
        private int recordLimit = 10_000;
        private Duration timelineResolution = Duration.ofMillis(100);

        private Builder() {
        }

        /** Requests per minute (default 500); 0 = unlimited. */
        public Builder requestsPerMinute(long rpm) {
            requireNonNegative(rpm, "requestsPerMinute");
            this.requestsPerMinute = rpm;
            return this;
        }

        /** Tokens per minute (default 200,000); 0 = unlimited. */
        public Builder tokensPerMinute(long tpm) {
            requireNonNegative(tpm, "tokensPerMinute");
            this.tokensPerMinute = tpm;
            return this;
        }

        /** Window over which the per-minute limits are enforced, 1 ms to 60 s (default 1 s). */
        public Builder enforcementWindow(Duration window) {
            Objects.requireNonNull(window, "window");
            if (window.toMillis() < 1 || window.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("enforcement window must be between 1 ms and 60 s: " + window);
            }
            this.enforcementWindow = window;
            return this;
        }

        /** Wait hints sent with rate-limit 429s (default {@link RetryAfterMode#RETRY_AFTER}). */
        public Builder retryAfterMode(RetryAfterMode mode) {
            this.retryAfterMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Whether 429s use up the request limit (default true, as on OpenAI). */
        public Builder countRejectedRequests(boolean count) {
            this.countRejectedRequests = count;
            return this;
        }

        /** After n admitted requests every request gets 429 {@code insufficient_quota}; negative = never (default). */
        public Builder insufficientQuotaAfter(long n) {
            this.insufficientQuotaAfter = n;
            return this;
        }

        /** Pause between the events of a streamed answer, each written and flushed on its own (default none). */
        public Builder streamEventInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative()) {
                throw new IllegalArgumentException("stream event interval must not be negative");
            }
            this.streamEventInterval = interval;
            return this;
        }

        /** Delay before every 200 answer (default none). */
        public Builder latency(Duration latency) {
            Objects.requireNonNull(latency, "latency");
            if (latency.isNegative()) {
                throw new IllegalArgumentException("latency must not be negative");
            }
            this.latency = latency;
            return this;
        }

        /** Completion tokens charged when a request names no maximum (default 16). */
        public Builder defaultMaxTokens(long tokens) {
            requireNonNegative(tokens, "defaultMaxTokens");
            this.defaultMaxTokens = tokens;
            return this;
        }

        /**
         * Prompt tokens this server counts per four characters (default 1.0): above 1 its tokenizer
         * counts more than a characters/4 estimate, below 1 fewer.
         */
        public Builder tokenizerRatio(double ratio) {
            if (!(ratio > 0) || Double.isInfinite(ratio)) {
                throw new IllegalArgumentException("tokenizerRatio must be a positive number: " + ratio);
            }
            this.tokenizerRatio = ratio;
            return this;
        }

        /** Organization named in messages and in {@code openai-organization} (default {@code org-sim}). */
        public Builder organization(String organization) {
            this.organization = Objects.requireNonNull(organization, "organization");
            return this;
        }

        /** Port to bind on 127.0.0.1 (default 0: any free port). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** Threads answering requests (default 128). */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1");
            }
            this.threads = threads;
            return this;
        }

        /** How many of the last requests {@link #receivedRequests()} keeps (default 10,000; 0 = none). */
        public Builder recordLimit(int limit) {
            requireNonNegative(limit, "recordLimit");
            this.recordLimit = limit;
            return this;
        }

        /** Width of the timeline buckets in {@link #stats()} (default 100 ms). */
        public Builder timelineResolution(Duration resolution) {
            Objects.requireNonNull(resolution, "resolution");
            if (resolution.toMillis() < 1) {
                throw new IllegalArgumentException("timeline resolution must be at least 1 ms");
            }
            this.timelineResolution = resolution;
            return this;
        }

        public LlmApiSimulator build() {
            return new LlmApiSimulator(this);
        }

        /** {@code build().start()}. */
        public LlmApiSimulator start() {
            return build().start();
        }

        private static void requireNonNegative(long value, String name) {
            if (value < 0) {
                throw new IllegalArgumentException(name + " must not be negative: " + value);
            }
        }
    }
}
