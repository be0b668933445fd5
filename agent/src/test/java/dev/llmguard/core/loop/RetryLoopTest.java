package dev.llmguard.core.loop;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The loops' mechanism with a scripted exchange: what is sent, discarded, released and handed over. */
class RetryLoopTest {
    private static final byte[] BODY = "{\"model\":\"gpt-4o-mini\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8);

    /** Answers each attempt with the next scripted status; a response is its status. */
    private static class Scripted implements BlockingExchange<Integer>, AsyncExchange<Integer> {
        final Deque<Integer> script;
        final List<Integer> discarded = new ArrayList<>();
        int sent;
        boolean failView;

        Scripted(Integer... statuses) {
            script = new ArrayDeque<>(Arrays.asList(statuses));
        }

        @Override
        public String host() {
            return "api.openai.com";
        }

        @Override
        public String path() {
            return "/v1/chat/completions";
        }

        @Override
        public String header(String name) {
            return null;
        }

        @Override
        public RequestInfo request(int maxBodyCaptureBytes) {
            return RequestInfo.builder().method("POST").host(host()).path(path()).body(BODY).bodyLength(BODY.length).build();
        }

        @Override
        public CallControl control() {
            return CallControl.NONE;
        }

        @Override
        public ResponseInfo view(Integer response, int maxJsonBodyBytes) {
            if (failView) {
                throw new IllegalStateException("the guard's own bug");
            }
            return ResponseInfo.of(response, Headers.of("retry-after-ms", "1"));
        }

        @Override
        public void discard(Integer response) {
            discarded.add(response);
        }

        @Override
        public Integer answerLocally(LocalResponse response) {
            return -response.status();
        }

        @Override
        public Integer send() {
            sent++;
            return script.poll();
        }

        @Override
        public void send(AttemptCallback<Integer> callback) {
            sent++;
            callback.onResponse(script.poll());
        }

        @Override
        public void cancelAttempt() {
        }
    }

    private static RequestGuard guard(GuardConfig.Builder config) {
        return new RequestGuard(config.retryBaseDelayMillis(1).retryMaxDelayMillis(5).build(),
                new GuardEvents(GuardLog.create(GuardConfig.LogLevel.OFF)));
    }

    @Test
    void discardsEveryResponseItDropsAndHandsOverTheLast() throws IOException {
        Scripted exchange = new Scripted(429, 503, 200);
        assertThat(new RetryLoop(guard(GuardConfig.builder())).execute(exchange)).isEqualTo(200);
        assertThat(exchange.sent).isEqualTo(3);
        assertThat(exchange.discarded).containsExactly(429, 503);
    }

    @Test
    void releasesEveryAdmissionSoAConcurrencyOfOneNeverRunsOut() throws IOException {
        RetryLoop loop = new RetryLoop(guard(GuardConfig.builder().limitsDefault(Limits.parse("concurrency=1")).throttleMaxWaitMillis(200)));
        for (int i = 0; i < 20; i++) {
            assertThat(loop.execute(new Scripted(429, 200))).as("call %d", i).isEqualTo(200);
        }
    }

    @Test
    void aFailureOfTheGuardItselfHandsTheResponseOverUnguarded() throws IOException {
        Scripted exchange = new Scripted(429, 200);
        exchange.failView = true;
        assertThat(new RetryLoop(guard(GuardConfig.builder())).execute(exchange)).isEqualTo(429);
        assertThat(exchange.sent).isEqualTo(1);
        assertThat(exchange.discarded).isEmpty();
    }

    @Test
    void theAsynchronousLoopRetriesOnTheTimerAndCompletesWithTheLastResponse() throws Exception {
        Scripted exchange = new Scripted(429, 429, 200);
        CompletableFuture<Integer> result = new AsyncRetryLoop(guard(GuardConfig.builder())).start(exchange);
        assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(exchange.discarded).containsExactly(429, 429);
    }

    @Test
    void theAsynchronousLoopNeverCompletesInsideTheCallersCall() throws Exception {
        AsyncRetryLoop loop = new AsyncRetryLoop(guard(GuardConfig.builder().limitsDefault(Limits.parse("rpm=1")).throttleMaxWaitMillis(10)));
        assertThat(loop.start(new Scripted(200)).get(5, TimeUnit.SECONDS)).isEqualTo(200);
        CompletableFuture<Integer> refused = loop.start(new Scripted(200));
        assertThat(refused.isDone()).as("a local refusal is handed over on the timer, not inside start()").isFalse();
        assertThat(refused.get(5, TimeUnit.SECONDS)).isEqualTo(-429);
    }

    @Test
    void bothLoopsAnswerLocallyWithoutSendingWhileTheCircuitIsOpen() throws Exception {
        RequestGuard guard = guard(GuardConfig.builder().retryMaxAttempts(1).breakerFailureThreshold(1));
        assertThat(new RetryLoop(guard).execute(new Scripted(503))).isEqualTo(503);

        Scripted blocking = new Scripted(200);
        assertThat(new RetryLoop(guard).execute(blocking)).isEqualTo(-503);
        Scripted async = new Scripted(200);
        CompletableFuture<Integer> answered = new AsyncRetryLoop(guard).start(async);
        assertThat(answered.isDone()).as("handed over on the timer, not inside start()").isFalse();
        assertThat(answered.get(5, TimeUnit.SECONDS)).isEqualTo(-503);
        assertThat(blocking.sent + async.sent).isZero();
    }

    @Test
    void bothLoopsStopRetryingWhenTheHostsBudgetIsSpent() throws Exception {
        RequestGuard guard = guard(GuardConfig.builder().retryBudgetPercent(0).retryBudgetMinRetries(2).breakerFailureThreshold(0));
        Scripted blocking = new Scripted(503, 503, 503, 200);
        assertThat(new RetryLoop(guard).execute(blocking)).isEqualTo(503);
        assertThat(blocking.sent).isEqualTo(3);
        Scripted async = new Scripted(503, 200);
        assertThat(new AsyncRetryLoop(guard).start(async).get(5, TimeUnit.SECONDS)).isEqualTo(503);
        assertThat(async.sent).isEqualTo(1);
    }
}
