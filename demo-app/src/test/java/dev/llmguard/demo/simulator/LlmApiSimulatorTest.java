package dev.llmguard.demo.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LlmApiSimulatorTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final MediaType JSON = MediaType.get("application/json");
    static final OkHttpClient HTTP = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build();

    /** Go durations as OpenAI sends them: 20ms, 1s, 1.5s, 6m0s, 1m1.5s, 4h43m36.314s. */
    static final Pattern GO_DURATION = Pattern.compile("^(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+(?:\\.\\d+)?)s|(\\d+)ms)$");
    static final Pattern RATE_LIMIT_MESSAGE = Pattern.compile(
            "^Rate limit reached for (\\S+) in organization org-sim on (requests per min \\(RPM\\)|tokens per min \\(TPM\\)): "
                    + "Limit (\\d+), Used (\\d+), Requested (\\d+)\\. Please try again in (\\S+)\\. "
                    + "Visit https://platform\\.openai\\.com/account/rate-limits to learn more\\.$");

    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase());
        }

        JsonNode json() throws IOException {
            return MAPPER.readTree(body);
        }
    }

    @AfterAll
    static void shutdownClient() {
        HTTP.dispatcher().executorService().shutdown();
        HTTP.connectionPool().evictAll();
    }

    static Answer post(String url, String body) throws IOException {
        Request request = new Request.Builder().url(url).header("Authorization", "Bearer sk-test")
                .post(RequestBody.create(body, JSON)).build();
        try (Response response = HTTP.newCall(request).execute()) {
            Map<String, String> headers = new HashMap<>();
            for (String name : response.headers().names()) {
                headers.put(name.toLowerCase(), response.header(name));
            }
            return new Answer(response.code(), headers, response.body().string());
        }
    }

    static String chat(String model, String content, Integer maxTokens) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]"
                + (maxTokens == null ? "" : ",\"max_tokens\":" + maxTokens) + "}";
    }

    static long goDurationMillis(String value) {
        Matcher m = GO_DURATION.matcher(value);
        assertThat(m.matches()).as("Go duration '%s'", value).isTrue();
        double ms = 0;
        if (m.group(1) != null) {
            ms += Long.parseLong(m.group(1)) * 3_600_000.0;
        }
        if (m.group(2) != null) {
            ms += Long.parseLong(m.group(2)) * 60_000.0;
        }
        if (m.group(3) != null) {
            ms += Double.parseDouble(m.group(3)) * 1000;
        }
        if (m.group(4) != null) {
            ms += Long.parseLong(m.group(4));
        }
        return Math.round(ms);
    }

    @Test
    void requestLimitIsEnforcedAndStatsMatchWhatTheClientSaw() throws Exception {
        // 300 RPM enforced per 1 s window: bursts of 5, then one every 200 ms
        try (LlmApiSimulator sim = LlmApiSimulator.builder().requestsPerMinute(300).tokensPerMinute(0).start()) {
            String url = sim.baseUrl() + "/chat/completions";
            List<Answer> answers = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                answers.add(post(url, chat("gpt-4o-mini", "hello " + i, null)));
            }
            double elapsedSeconds = (System.nanoTime() - start) / 1e9;

            long ok = answers.stream().filter(a -> a.status == 200).count();
            long limited = answers.stream().filter(a -> a.status == 429).count();
            assertThat(ok + limited).isEqualTo(20);
            assertThat(ok).isBetween(5L, 5L + (long) Math.ceil(elapsedSeconds * 5) + 1);
            assertThat(limited).isPositive();

            for (Answer a : answers) {
                assertThat(a.header("x-request-id")).matches("req_sim_\\d+");
                assertThat(a.header("x-ratelimit-limit-requests")).isEqualTo("300");
                if (a.status == 200) {
                    JsonNode body = a.json();
                    assertThat(body.path("object").asText()).isEqualTo("chat.completion");
                    assertThat(body.path("id").asText()).isEqualTo(
                            "chatcmpl-sim-" + a.header("x-request-id").substring("req_sim_".length()));
                    assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
                    assertThat(body.path("choices").get(0).path("message").path("content").asText()).isNotBlank();
                    JsonNode usage = body.path("usage");
                    assertThat(usage.path("total_tokens").asLong()).isEqualTo(
                            usage.path("prompt_tokens").asLong() + usage.path("completion_tokens").asLong());
                } else {
                    JsonNode error = a.json().path("error");
                    assertThat(error.path("type").asText()).isEqualTo("requests");
                    assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
                    assertThat(error.path("param").isNull()).isTrue();
                    Matcher m = RATE_LIMIT_MESSAGE.matcher(error.path("message").asText());
                    assertThat(m.matches()).as(error.path("message").asText()).isTrue();
                    assertThat(m.group(1)).isEqualTo("gpt-4o-mini");
                    assertThat(m.group(3)).isEqualTo("300");
                    assertThat(m.group(5)).isEqualTo("1");
                    long retryAfterMs = Long.parseLong(a.header("retry-after-ms"));
                    assertThat(retryAfterMs).isBetween(1L, 1000L);
                    assertThat(goDurationMillis(m.group(6))).isEqualTo(retryAfterMs);
                    assertThat(Long.parseLong(a.header("retry-after")))
                            .isEqualTo((long) Math.ceil(retryAfterMs / 1000.0));
                }
            }

            SimulatorStats stats = sim.stats();
            assertThat(stats.received()).isEqualTo(20);
            assertThat(stats.succeeded()).isEqualTo(ok);
            assertThat(stats.rateLimited()).isEqualTo(limited);
            assertThat(stats.quotaExceeded()).isZero();
            assertThat(stats.otherErrors()).isZero();
            assertThat(stats.timeline().stream().mapToLong(SimulatorStats.TimeBucket::requests).sum()).isEqualTo(20);
            assertThat(stats.timeline().stream().mapToLong(SimulatorStats.TimeBucket::succeeded).sum()).isEqualTo(ok);
            assertThat(stats.timeline().stream().mapToLong(SimulatorStats.TimeBucket::status429).sum()).isEqualTo(limited);

            List<RecordedRequest> recorded = sim.receivedRequests();
            assertThat(recorded).hasSize(20);
            Map<String, Integer> statusById = new HashMap<>();
            answers.forEach(a -> statusById.put(a.header("x-request-id"), a.status));
            for (RecordedRequest r : recorded) {
                assertThat(r.method()).isEqualTo("POST");
                assertThat(r.path()).isEqualTo("/v1/chat/completions");
                assertThat(r.header("authorization")).isEqualTo("Bearer sk-test");
                assertThat(r.bodyText()).contains("\"messages\"");
                assertThat(r.status()).isEqualTo(statusById.get("req_sim_" + r.sequence()));
            }

            sim.resetStatistics();
            assertThat(sim.stats().received()).isZero();
            assertThat(sim.receivedRequests()).isEmpty();
        }
    }

    @Test
    void rateLimitHeadersHaveTheDocumentedFormats() throws Exception {
        try (LlmApiSimulator sim = LlmApiSimulator.builder().requestsPerMinute(120).tokensPerMinute(6000).start()) {
            String url = sim.baseUrl() + "/chat/completions";
            List<Answer> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(post(url, chat("gpt-4o-mini", "twelve chars", 20)));
            }
            assertThat(answers).extracting(Answer::status).contains(200, 429);
            for (Answer a : answers) {
                for (String kind : List.of("requests", "tokens")) {
                    long limit = Long.parseLong(a.header("x-ratelimit-limit-" + kind));
                    long remaining = Long.parseLong(a.header("x-ratelimit-remaining-" + kind));
                    long resetMs = goDurationMillis(a.header("x-ratelimit-reset-" + kind));
                    assertThat(limit).isEqualTo(kind.equals("requests") ? 120 : 6000);
                    assertThat(remaining).isBetween(0L, limit);
                    // reset = time until the minute bucket is full again: at most a minute
                    assertThat(resetMs).isBetween(0L, 60_000L);
                    if (remaining < limit) {
                        assertThat(resetMs).isPositive();
                    }
                }
                if (a.status == 429) {
                    // the minute bucket is never fuller than the enforcement window: reset >= the asked wait
                    assertThat(goDurationMillis(a.header("x-ratelimit-reset-requests")))
                            .isGreaterThanOrEqualTo(Long.parseLong(a.header("retry-after-ms")));
                }
            }
            Answer first = answers.get(0);
            assertThat(first.status).isEqualTo(200);
            // 12 characters -> 3 prompt tokens, plus max_tokens 20
            assertThat(Long.parseLong(first.header("x-ratelimit-remaining-tokens"))).isBetween(6000L - 23, 6000L - 23 + 5);
            assertThat(first.json().path("usage").path("prompt_tokens").asLong()).isEqualTo(3);
        }
    }

    @Test
    void goDurationFormatting() {
        assertThat(GoDuration.format(0)).isEqualTo("0s");
        assertThat(GoDuration.format(1)).isEqualTo("1ms");
        assertThat(GoDuration.format(20_000_000)).isEqualTo("20ms");
        assertThat(GoDuration.format(86_000_001)).isEqualTo("87ms");
        assertThat(GoDuration.format(1_000_000_000)).isEqualTo("1s");
        assertThat(GoDuration.format(1_500_000_000)).isEqualTo("1.5s");
        assertThat(GoDuration.format(Duration.ofMinutes(6).toNanos())).isEqualTo("6m0s");
        assertThat(GoDuration.format(Duration.ofMillis(61_500).toNanos())).isEqualTo("1m1.5s");
        assertThat(GoDuration.format(Duration.parse("PT4H43M36.314S").toNanos())).isEqualTo("4h43m36.314s");
        for (String s : List.of("0s", "1ms", "20ms", "1s", "1.5s", "6m0s", "1m1.5s", "4h43m36.314s")) {
            assertThat(s).matches(GO_DURATION);
        }
        assertThat(goDurationMillis("4h43m36.314s")).isEqualTo(Duration.parse("PT4H43M36.314S").toMillis());
    }

    @Test
    void resetHeadersOnlyModeSendsNoRetryAfter() throws Exception {
        try (LlmApiSimulator sim = LlmApiSimulator.builder().requestsPerMinute(60)
                .retryAfterMode(RetryAfterMode.RESET_HEADERS_ONLY).start()) {
            List<Answer> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(post(sim.baseUrl() + "/chat/completions", chat("gpt-4o", "hi", null)));
            }
            List<Answer> limited = answers.stream().filter(a -> a.status == 429).toList();
            assertThat(limited).isNotEmpty();
            for (Answer a : limited) {
                assertThat(a.headers).doesNotContainKeys("retry-after", "retry-after-ms");
                assertThat(goDurationMillis(a.header("x-ratelimit-reset-requests"))).isPositive();
                Matcher m = RATE_LIMIT_MESSAGE.matcher(a.json().path("error").path("message").asText());
                assertThat(m.matches()).isTrue();
                assertThat(m.group(1)).isEqualTo("gpt-4o");
                assertThat(goDurationMillis(m.group(6))).isBetween(1L, 1000L);
            }
            assertThat(sim.stats().rateLimited()).isEqualTo(limited.size());
        }
    }

    @Test
    void tokenLimitAndRequestTooLarge() throws Exception {
        // 600 TPM per 1 s window = 10 tokens per window; "12345678" = 2 prompt tokens, + 8 = 10
        try (LlmApiSimulator sim = LlmApiSimulator.builder().requestsPerMinute(0).tokensPerMinute(600).start()) {
            String url = sim.baseUrl() + "/chat/completions";
            Answer first = post(url, chat("gpt-4o-mini", "12345678", 8));
            Answer second = post(url, chat("gpt-4o-mini", "12345678", 8));
            assertThat(first.status).isEqualTo(200);
            assertThat(second.status).isEqualTo(429);
            JsonNode error = second.json().path("error");
            assertThat(error.path("type").asText()).isEqualTo("tokens");
            assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
            Matcher m = RATE_LIMIT_MESSAGE.matcher(error.path("message").asText());
            assertThat(m.matches()).isTrue();
            assertThat(m.group(2)).isEqualTo("tokens per min (TPM)");
            assertThat(m.group(3)).isEqualTo("600");
            assertThat(m.group(5)).isEqualTo("10");
            assertThat(second.headers).containsKeys("retry-after", "retry-after-ms");
            assertThat(second.headers).doesNotContainKey("x-ratelimit-limit-requests");

            Answer tooLarge = post(url, chat("gpt-4o-mini", "x", 1000));
            assertThat(tooLarge.status).isEqualTo(429);
            assertThat(tooLarge.json().path("error").path("message").asText())
                    .startsWith("Request too large for gpt-4o-mini in organization org-sim on tokens per min (TPM): "
                            + "Limit 600, Requested 1001.");
            assertThat(tooLarge.headers).doesNotContainKeys("retry-after", "retry-after-ms");
            assertThat(sim.tokenCost(chat("gpt-4o-mini", "x", 1000))).isEqualTo(1001);
            assertThat(sim.sustainableRequestsPerSecond(10)).isEqualTo(1.0);
        }
    }

    @Test
    void aTokenizerRatioScalesThePromptTokensChargedAndReported() throws Exception {
        String body = chat("gpt-4o-mini", "x".repeat(400), 50); // 100 tokens by characters/4
        for (double ratio : new double[] {0.5, 2.0}) {
            try (LlmApiSimulator sim = LlmApiSimulator.builder().tokenizerRatio(ratio).start()) {
                long prompt = Math.round(100 * ratio);
                assertThat(sim.tokenCost(body)).isEqualTo(prompt + 50);
                Answer a = post(sim.baseUrl() + "/chat/completions", body);
                assertThat(a.status).isEqualTo(200);
                assertThat(a.json().path("usage").path("prompt_tokens").asLong()).isEqualTo(prompt);
            }
        }
        assertThatThrownBy(() -> LlmApiSimulator.builder().tokenizerRatio(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LlmApiSimulator.builder().tokenizerRatio(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectedRequestsUseUpTheRequestLimitUnlessDisabled() throws Exception {
        // 120 RPM per 500 ms window: a bucket of 1 request, refilled every 500 ms
        int counted = hammer(true);
        int notCounted = hammer(false);
        assertThat(counted).isEqualTo(1);
        assertThat(notCounted).isGreaterThanOrEqualTo(2);
    }

    private static int hammer(boolean countRejected) throws Exception {
        try (LlmApiSimulator sim = LlmApiSimulator.builder().requestsPerMinute(120)
                .enforcementWindow(Duration.ofMillis(500)).countRejectedRequests(countRejected).start()) {
            int ok = 0;
            long end = System.nanoTime() + Duration.ofMillis(1200).toNanos();
            while (System.nanoTime() < end) {
                if (post(sim.baseUrl() + "/chat/completions", chat("gpt-4o-mini", "hi", null)).status == 200) {
                    ok++;
                }
                Thread.sleep(20);
            }
            assertThat(sim.stats().succeeded()).isEqualTo(ok);
            return ok;
        }
    }

    @Test
    void insufficientQuotaAfterNAdmittedRequests() throws Exception {
        try (LlmApiSimulator sim = LlmApiSimulator.builder().requestsPerMinute(0).tokensPerMinute(0)
                .insufficientQuotaAfter(2).start()) {
            List<Answer> answers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                answers.add(post(sim.baseUrl() + "/chat/completions", chat("gpt-4o-mini", "hi", null)));
            }
            assertThat(answers).extracting(Answer::status).containsExactly(200, 200, 429, 429, 429);
            for (Answer a : answers.subList(2, 5)) {
                JsonNode error = a.json().path("error");
                assertThat(error.path("message").asText())
                        .isEqualTo("You exceeded your current quota, please check your plan and billing details.");
                assertThat(error.path("type").asText()).isEqualTo("insufficient_quota");
                assertThat(error.path("code").asText()).isEqualTo("insufficient_quota");
                assertThat(a.headers).doesNotContainKeys("retry-after", "retry-after-ms");
            }
            SimulatorStats stats = sim.stats();
            assertThat(stats.succeeded()).isEqualTo(2);
            assertThat(stats.quotaExceeded()).isEqualTo(3);
            assertThat(stats.rateLimited()).isZero();
            assertThat(stats.answered429()).isEqualTo(3);

            sim.reset();
            assertThat(post(sim.baseUrl() + "/chat/completions", chat("gpt-4o-mini", "hi", null)).status).isEqualTo(200);
        }
    }

    @Test
    void malformedRequestsGetOpenAiShaped4xx() throws Exception {
        try (LlmApiSimulator sim = LlmApiSimulator.builder().requestsPerMinute(60).start()) {
            String url = sim.baseUrl() + "/chat/completions";
            for (String body : List.of("{\"model\":", "not json", "[1,2]", "{\"a\":1} trailing", "")) {
                Answer a = post(url, body);
                assertThat(a.status).as(body).isEqualTo(400);
                JsonNode error = a.json().path("error");
                assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
                assertThat(error.path("message").asText()).startsWith("We could not parse the JSON body");
                assertThat(a.header("x-request-id")).matches("req_sim_\\d+");
            }
            Answer missing = post(url, "{\"model\":\"gpt-4o-mini\"}");
            assertThat(missing.status).isEqualTo(400);
            assertThat(missing.json().path("error").path("param").asText()).isEqualTo("messages");

            Answer unknown = post(sim.baseUrl() + "/nope", "{}");
            assertThat(unknown.status).isEqualTo(404);
            assertThat(unknown.json().path("error").path("type").asText()).isEqualTo("invalid_request_error");

            // none of these used the 1-request window
            assertThat(post(url, chat("gpt-4o-mini", "hi", null)).status).isEqualTo(200);
            SimulatorStats stats = sim.stats();
            assertThat(stats.otherErrors()).isEqualTo(7);
            assertThat(stats.succeeded()).isEqualTo(1);
            assertThat(stats.received()).isEqualTo(8);
        }
    }

    @Test
    void streamingChatCompletionIsServerSentEvents() throws Exception {
        try (LlmApiSimulator sim = LlmApiSimulator.builder().start()) {
            Answer a = post(sim.baseUrl() + "/chat/completions",
                    "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertThat(a.status).isEqualTo(200);
            assertThat(a.header("content-type")).startsWith("text/event-stream");
            String[] events = a.body.split("\n\n");
            assertThat(events[events.length - 1]).isEqualTo("data: [DONE]");
            StringBuilder content = new StringBuilder();
            String finish = null;
            JsonNode usage = null;
            for (int i = 0; i < events.length - 1; i++) {
                assertThat(events[i]).startsWith("data: ");
                JsonNode chunk = MAPPER.readTree(events[i].substring(6));
                assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
                for (JsonNode choice : chunk.path("choices")) {
                    content.append(choice.path("delta").path("content").asText(""));
                    if (!choice.path("finish_reason").isNull()) {
                        finish = choice.path("finish_reason").asText();
                    }
                }
                if (chunk.hasNonNull("usage")) {
                    usage = chunk.get("usage");
                }
            }
            assertThat(content.toString()).isNotBlank();
            assertThat(finish).isEqualTo("stop");
            assertThat(usage).isNotNull();
            assertThat(usage.path("completion_tokens").asLong()).isPositive();
        }
    }

    @Test
    void sixtyFourConcurrentClientsAreAnsweredInParallel() throws Exception {
        Duration latency = Duration.ofMillis(400);
        try (LlmApiSimulator sim = LlmApiSimulator.builder().requestsPerMinute(0).tokensPerMinute(0)
                .latency(latency).start()) {
            int n = 64;
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger ok = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                        if (post(sim.baseUrl() + "/chat/completions", chat("gpt-4o-mini", "hi", null)).status == 200) {
                            ok.incrementAndGet();
                        }
                    } catch (Exception e) {
                        // counted as not ok
                    }
                });
                t.start();
                threads.add(t);
            }
            long start = System.nanoTime();
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(ok.get()).isEqualTo(n);
            assertThat(elapsedMs).isGreaterThanOrEqualTo(latency.toMillis());
            // serial answering would take 64 x 400 ms; 4 waves would take 1.6 s
            assertThat(elapsedMs).isLessThan(1600);
        }
    }

    @Test
    void closeReleasesThePortAndTheSimulatorCannotRestart() throws Exception {
        LlmApiSimulator sim = LlmApiSimulator.builder().start();
        String url = sim.baseUrl() + "/chat/completions";
        assertThat(post(url, chat("gpt-4o-mini", "hi", null)).status).isEqualTo(200);
        sim.close();
        sim.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> post(url, chat("gpt-4o-mini", "hi", null)))
                .isInstanceOf(IOException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(sim::start).isInstanceOf(IllegalStateException.class);
    }
}
