package dev.llmguard.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.config.FallbackConfig;
import dev.llmguard.config.GuardConfig;
import dev.llmguard.config.Limits;
import dev.llmguard.core.events.GuardEvents;
import dev.llmguard.core.exchange.AsyncExchange;
import dev.llmguard.core.exchange.BlockingExchange;
import dev.llmguard.core.exchange.CallControl;
import dev.llmguard.core.exchange.LocalResponse;
import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.core.http.Headers;
import dev.llmguard.core.http.RequestInfo;
import dev.llmguard.core.http.ResponseInfo;
import dev.llmguard.log.GuardLog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Model fallback through both loops, with an exchange that answers per model and records what each attempt sent. */
class ModelFallbackLoopTest {
    /** Each test its own model names: quota pauses live in the JVM-wide store. */
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String a = "a-" + run;
    private final String b = "b-" + run;
    private final String c = "c-" + run;

    /** A status per model per attempt; a response is "model:status", and carries the x-llm-guard-model the exchange was told. */
    private static final class PerModel implements BlockingExchange<String>, AsyncExchange<String> {
        final Map<String, Deque<Integer>> script = new HashMap<>();
        final List<String> sentBodies = new ArrayList<>();
        final List<String> sentPaths = new ArrayList<>();
        final boolean retargetable;
        final String template;
        String path;
        byte[] body;
        String fallbackModel;

        PerModel(String path, String body, boolean retargetable) {
            this.path = path;
            this.template = body;
            this.body = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
            this.retargetable = retargetable;
        }

        PerModel answer(String model, Integer... statuses) {
            script.put(model, new ArrayDeque<>(Arrays.asList(statuses)));
            return this;
        }

        private String currentModel() {
            return modelOf(path, body == null ? null : new String(body, StandardCharsets.UTF_8));
        }

        @Override public String host() { return "api.example.test"; }
        @Override public String path() { return path; }
        @Override public String header(String name) { return null; }

        @Override
        public RequestInfo request(int max) {
            return RequestInfo.builder().method("POST").host(host()).path(path).body(body)
                    .bodyLength(body == null ? 0 : body.length).build();
        }

        @Override public CallControl control() { return CallControl.NONE; }

        @Override
        public ResponseInfo view(String response, int max) {
            String answer = response.split(" via ")[0];
            int status = Integer.parseInt(answer.substring(answer.lastIndexOf(':') + 1));
            return ResponseInfo.of(status, status == 429 ? Headers.of("retry-after", "3600") : Headers.of("retry-after-ms", "1"));
        }

        @Override public void discard(String response) { }

        @Override
        public String answerLocally(LocalResponse response) {
            return mark("local:" + response.status());
        }

        private String mark(String response) {
            return fallbackModel == null ? response : response + " via " + fallbackModel;
        }

        @Override
        public String send() {
            String model = currentModel();
            sentPaths.add(path);
            sentBodies.add(body == null ? null : new String(body, StandardCharsets.UTF_8));
            Deque<Integer> statuses = script.get(model);
            Integer status = statuses == null || statuses.isEmpty() ? 500 : statuses.poll();
            return mark(model + ":" + status);
        }

        @Override
        public void send(AttemptCallback<String> callback) {
            callback.onResponse(send());
        }

        @Override public void cancelAttempt() { }

        @Override public boolean canRetarget() { return retargetable; }

        @Override
        public void retarget(String newPath, byte[] newBody, String model) {
            path = newPath;
            if (newBody != null) {
                body = newBody;
            }
            fallbackModel = model;
        }

        List<String> modelsSent() {
            List<String> models = new ArrayList<>();
            for (int i = 0; i < sentPaths.size(); i++) {
                models.add(modelOf(sentPaths.get(i), sentBodies.get(i)));
            }
            return models;
        }
    }

    private static final Pattern BODY_MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern PATH_MODEL = Pattern.compile("/models/([^:/]+)");

    private static String modelOf(String path, String body) {
        Matcher m = body == null ? null : BODY_MODEL.matcher(body);
        if (m == null || !m.find()) {
            m = PATH_MODEL.matcher(path);
            m.find();
        }
        return m.group(1);
    }

    private String chat(String model) {
        return "{ \"messages\": [{\"role\":\"user\",\"content\":\"hi \\u00e9\"}],\n  \"model\" : \"" + model + "\", \"n\":1}";
    }

    private PerModel chatCall(String model) {
        return new PerModel("/v1/chat/completions", chat(model), true);
    }

    private RequestGuard guard(String rules, GuardConfig.Builder config) {
        Map<String, List<String>> parsed = new LinkedHashMap<>();
        for (String rule : rules.split(";")) {
            String[] parts = rule.split("->");
            List<String> fallbacks = new ArrayList<>();
            for (String f : parts[1].split(",")) {
                fallbacks.add(f.trim());
            }
            parsed.put(parts[0].trim(), Collections.unmodifiableList(fallbacks));
        }
        assertThat(FallbackConfig.builder().models(parsed).build().enabled()).isTrue();
        return new RequestGuard(config.retryBaseDelayMillis(1).retryMaxDelayMillis(5).fallbackModels(parsed).strict(true).build(),
                new GuardEvents(GuardLog.create(GuardConfig.LogLevel.OFF)));
    }

    private RequestGuard guard(String rules) {
        return guard(rules, GuardConfig.builder());
    }

    @Test
    void aLongServerWaitSendsTheNextAttemptForTheFallbackWithOnlyTheModelChanged() throws Exception {
        RequestGuard guard = guard(a + " -> " + b);
        PerModel call = chatCall(a).answer(a, 429).answer(b, 200);
        assertThat(new RetryLoop(guard).execute(call)).isEqualTo(b + ":200 via " + b);
        assertThat(call.modelsSent()).containsExactly(a, b);
        assertThat(call.sentBodies.get(1)).isEqualTo(chat(b)).isEqualTo(call.sentBodies.get(0).replace(a, b));

        PerModel next = chatCall(a).answer(a, 200).answer(b, 200);
        assertThat(new RetryLoop(guard).execute(next)).as("the model's quota is paused for an hour: straight to the fallback")
                .isEqualTo(b + ":200 via " + b);
        assertThat(next.modelsSent()).containsExactly(b);
    }

    @Test
    void theAsynchronousLoopFallsBackTheSameWay() throws Exception {
        RequestGuard guard = guard(a + " -> " + b);
        PerModel call = chatCall(a).answer(a, 429).answer(b, 200);
        assertThat(new AsyncRetryLoop(guard).start(call).get(5, TimeUnit.SECONDS)).isEqualTo(b + ":200 via " + b);
        assertThat(call.modelsSent()).containsExactly(a, b);
        PerModel next = chatCall(a).answer(b, 200);
        assertThat(new AsyncRetryLoop(guard).start(next).get(5, TimeUnit.SECONDS)).isEqualTo(b + ":200 via " + b);
        assertThat(next.modelsSent()).containsExactly(b);
    }

    @Test
    void aChainGoesOnDepthFirstAndNeverVisitsAModelTwice() throws Exception {
        RequestGuard guard = guard(a + " -> " + b + ", " + c + "; " + b + " -> " + a);
        PerModel call = chatCall(a).answer(a, 429).answer(b, 429).answer(c, 200);
        assertThat(new RetryLoop(guard).execute(call)).isEqualTo(c + ":200 via " + c);
        assertThat(call.modelsSent()).containsExactly(a, b, c);
    }

    @Test
    void whenEveryModelIsExhaustedTheApplicationGetsTheLastAnswer() throws Exception {
        RequestGuard guard = guard(a + " -> " + b + "; " + b + " -> " + a);
        PerModel call = chatCall(a).answer(a, 429).answer(b, 429);
        assertThat(new RetryLoop(guard).execute(call)).isEqualTo(b + ":429 via " + b);
        assertThat(call.modelsSent()).containsExactly(a, b);
        PerModel next = chatCall(a);
        assertThat(new RetryLoop(guard).execute(next)).as("both quotas paused: the fallback's local 429")
                .isEqualTo("local:429 via " + b);
        assertThat(next.sentPaths).isEmpty();
    }

    @Test
    void retriesSpentOnServerErrorsFallBackAndAnOpenCircuitGoesStraightToTheFallback() throws Exception {
        RequestGuard guard = guard(a + " -> " + b, GuardConfig.builder().retryMaxAttempts(2).breakerFailureThreshold(1));
        PerModel call = chatCall(a).answer(a, 503, 503).answer(b, 200);
        assertThat(new RetryLoop(guard).execute(call)).isEqualTo(b + ":200 via " + b);
        assertThat(call.modelsSent()).containsExactly(a, a, b);

        PerModel blocking = chatCall(a).answer(a, 200).answer(b, 200);
        assertThat(new RetryLoop(guard).execute(blocking)).isEqualTo(b + ":200 via " + b);
        PerModel async = chatCall(a).answer(a, 200).answer(b, 200);
        assertThat(new AsyncRetryLoop(guard).start(async).get(5, TimeUnit.SECONDS)).isEqualTo(b + ":200 via " + b);
        assertThat(blocking.modelsSent()).as("a's circuit is open").containsExactly(b);
        assertThat(async.modelsSent()).containsExactly(b);
    }

    @Test
    void aRefusingQuotaHandsTheCallToTheFallbackWithoutSendingIt() throws Exception {
        Map<String, Limits> perModel = new HashMap<>();
        perModel.put(a, Limits.parse("rpm=1"));
        RequestGuard guard = guard(a + " -> " + b, GuardConfig.builder().limitsModels(perModel).throttleMaxWaitMillis(50));
        PerModel first = chatCall(a).answer(a, 200);
        assertThat(new RetryLoop(guard).execute(first)).isEqualTo(a + ":200");
        PerModel second = chatCall(a).answer(a, 200).answer(b, 200);
        assertThat(new RetryLoop(guard).execute(second)).isEqualTo(b + ":200 via " + b);
        assertThat(second.modelsSent()).containsExactly(b);
    }

    @Test
    void aGeminiPathIsRewrittenAndItsBodyLeftAlone() throws Exception {
        RequestGuard guard = guard(a + " -> " + b);
        String body = "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]}";
        PerModel call = new PerModel("/v1beta/models/" + a + ":generateContent", body, true).answer(a, 429).answer(b, 200);
        assertThat(new RetryLoop(guard).execute(call)).isEqualTo(b + ":200 via " + b);
        assertThat(call.sentPaths).containsExactly("/v1beta/models/" + a + ":generateContent", "/v1beta/models/" + b + ":generateContent");
        assertThat(call.sentBodies).containsExactly(body, body);
    }

    @Test
    void noFallbackWithoutARuleForTheModelInObserveModeOrWhenTheClientCannotRetarget() throws Exception {
        PerModel other = chatCall(c).answer(c, 429);
        assertThat(new RetryLoop(guard(a + " -> " + b)).execute(other)).isEqualTo(c + ":429");
        assertThat(other.modelsSent()).containsExactly(c);

        PerModel observed = chatCall(a).answer(a, 429);
        assertThat(new RetryLoop(guard(a + " -> " + b, GuardConfig.builder().mode(GuardConfig.Mode.OBSERVE))).execute(observed))
                .isEqualTo(a + ":429");
        assertThat(observed.modelsSent()).containsExactly(a);

        PerModel fixed = new PerModel("/v1/chat/completions", chat(b), false).answer(b, 429);
        assertThat(new RetryLoop(guard(b + " -> " + c)).execute(fixed)).isEqualTo(b + ":429");
        assertThat(fixed.modelsSent()).containsExactly(b);
    }
}
