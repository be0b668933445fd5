package dev.llmguard.core.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.config.GuardConfig;
import dev.llmguard.config.PriorityConfig;
import dev.llmguard.core.events.GuardEvents;
import dev.llmguard.core.exchange.CallControl;
import dev.llmguard.core.http.Headers;
import dev.llmguard.core.http.RequestInfo;
import dev.llmguard.core.http.ResponseInfo;
import dev.llmguard.core.throttle.Admission;
import dev.llmguard.log.GuardLog;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every decision of the retry policy, without a client or a server. */
class GuardedRequestTest {
    private static final byte[] BODY = "{\"model\":\"gpt-4o-mini\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8);

    private static GuardConfig.Builder config() {
        return GuardConfig.builder().throttleEnabled(false).retryBaseDelayMillis(100).retryMaxDelayMillis(400);
    }

    private static GuardedRequest request(GuardConfig config, boolean replayable) {
        RequestGuard guard = new RequestGuard(config, new GuardEvents(GuardLog.create(GuardConfig.LogLevel.OFF)));
        return guard.start(RequestInfo.builder().method("POST").host("api.openai.com").path("/v1/chat/completions")
                .body(replayable ? BODY : null).bodyLength(BODY.length).bodyReplayable(replayable).build());
    }

    private static Decision respond(GuardedRequest r, int status, String... headers) {
        return r.onResponse(ResponseInfo.of(status, Headers.of(headers)), CallControl.NONE, Admission.FREE);
    }

    private static CallControl timeLeft(long millis) {
        return new CallControl() {
            @Override
            public boolean isCanceled() {
                return false;
            }

            @Override
            public long remainingMillis() {
                return millis;
            }
        };
    }

    private static GuardedRequest withPriorityHeader(GuardConfig config, String priority) {
        RequestGuard guard = new RequestGuard(config, new GuardEvents(GuardLog.create(GuardConfig.LogLevel.OFF)));
        return guard.start(RequestInfo.builder().method("POST").host("api.openai.com").path("/v1/chat/completions")
                .headers(Headers.of(PriorityRules.HEADER, priority)).body(BODY).bodyLength(BODY.length).bodyReplayable(true).build());
    }

    @Test
    void anInteractiveRequestGivesUpRatherThanWaitBeyondItsOwnMaximumInAll() {
        GuardConfig c = config().priorityInteractiveMaxWaitMillis(3_000).build();
        GuardedRequest interactive = withPriorityHeader(c, "Interactive");
        assertThat(interactive.priority()).isEqualTo(PriorityConfig.Priority.INTERACTIVE);
        assertThat(respond(interactive, 429, "retry-after-ms", "2000").retry()).as("2 s of 3").isTrue();
        assertThat(respond(interactive, 429, "retry-after-ms", "1500").retry()).as("would be 3.5 s in all").isFalse();

        GuardedRequest background = withPriorityHeader(c, "background");
        assertThat(background.priority()).isEqualTo(PriorityConfig.Priority.BACKGROUND);
        assertThat(respond(background, 429, "retry-after-ms", "2000").retry()).isTrue();
        assertThat(respond(background, 429, "retry-after-ms", "1500").retry()).as("llmguard.throttle.max-wait and the server's wait only").isTrue();
    }

    @Test
    void aRequestOnAnInteractiveThreadIsInteractiveUnlessItsHeaderSaysOtherwise() throws Exception {
        GuardConfig c = config().priorityInteractiveThreads(java.util.Arrays.asList("http-nio-*-exec-*")).build();
        GuardedRequest[] seen = new GuardedRequest[2];
        Thread t = new Thread(() -> {
            seen[0] = request(c, true);
            seen[1] = withPriorityHeader(c, "background");
        }, "http-nio-8080-exec-7");
        t.start();
        t.join();
        assertThat(seen[0].priority()).isEqualTo(PriorityConfig.Priority.INTERACTIVE);
        assertThat(seen[1].priority()).isEqualTo(PriorityConfig.Priority.BACKGROUND);
        assertThat(request(c, true).priority()).as("on the test's own thread: the default").isEqualTo(PriorityConfig.Priority.BACKGROUND);
        assertThat(withPriorityHeader(config().priorityDefault(PriorityConfig.Priority.INTERACTIVE).build(), "urgent!").priority())
                .as("a value it does not know: the default").isEqualTo(PriorityConfig.Priority.INTERACTIVE);
    }

    @Test
    void returnsASuccessAtOnce() {
        assertThat(respond(request(config().build(), true), 200).retry()).isFalse();
    }

    @Test
    void waitsAtLeastTheServersRetryAfterPlusAtMostATenthOfIt() {
        Decision d = respond(request(config().build(), true), 429, "retry-after-ms", "2000");
        assertThat(d.retry()).isTrue();
        assertThat(d.waitMillis()).isBetween(2000L, 2200L);
    }

    @Test
    void backsOffWithFullJitterWhenTheServerGivesNoWait() {
        GuardedRequest r = request(config().build(), true);
        Decision d = respond(r, 503);
        assertThat(d.retry()).isTrue();
        assertThat(d.waitMillis()).isBetween(0L, 100L);
        assertThat(r.attempt()).isEqualTo(2);
        assertThat(respond(r, 503).waitMillis()).isBetween(0L, 200L);
    }

    @Test
    void stopsAtMaxAttemptsCountingEveryNetworkSend() {
        GuardedRequest r = request(config().retryMaxAttempts(3).build(), true);
        assertThat(respond(r, 503).retry()).isTrue();
        r.countSends(2); // the client re-sent attempt 2 on its own: that was the third request
        assertThat(r.attempt()).isEqualTo(3);
        assertThat(respond(r, 503).retry()).isFalse();
    }

    @Test
    void givesUpAtOnceWhenTheServersWaitIsBeyondMaxServerWait() {
        GuardedRequest r = request(config().retryMaxServerWaitMillis(10_000).build(), true);
        assertThat(respond(r, 429, "retry-after", "30").retry()).isFalse();
    }

    @Test
    void neverRetriesAOneShotBody() {
        GuardedRequest r = request(config().build(), false);
        assertThat(respond(r, 429, "retry-after-ms", "10").retry()).isFalse();
        assertThat(r.onFailure(new ConnectException("refused"), CallControl.NONE).retry()).isFalse();
    }

    @Test
    void neverWaitsPastTheCallsTimeout() {
        GuardedRequest r = request(config().build(), true);
        Decision d = r.onResponse(ResponseInfo.of(429, Headers.of("retry-after", "5")), timeLeft(1_000), Admission.FREE);
        assertThat(d.retry()).isFalse();
    }

    @Test
    void observeModeLogsButNeverRetries() {
        GuardedRequest r = request(config().mode(GuardConfig.Mode.OBSERVE).build(), true);
        assertThat(respond(r, 429, "retry-after-ms", "10").retry()).isFalse();
        assertThat(r.onFailure(new ConnectException("refused"), CallControl.NONE).retry()).isFalse();
    }

    @Test
    void neverRetriesClientErrorsOrFutileQuotaErrors() {
        for (int status : new int[] {400, 401, 403, 404, 422}) {
            assertThat(respond(request(config().build(), true), status).retry()).as("status %d", status).isFalse();
        }
        GuardedRequest r = request(config().build(), true);
        ResponseInfo quota = ResponseInfo.of(429, Headers.EMPTY,
                "{\"error\":{\"message\":\"quota\",\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}");
        assertThat(r.onResponse(quota, CallControl.NONE, Admission.FREE).retry()).isFalse();
    }

    @Test
    void obeysXShouldRetryFalse() {
        assertThat(respond(request(config().build(), true), 503, "x-should-retry", "false").retry()).isFalse();
    }

    @Test
    void retriesConnectionFailuresAndTimeoutsOnlyWhenAllowed() {
        assertThat(request(config().build(), true).onFailure(new ConnectException("refused"), CallControl.NONE).retry()).isTrue();
        assertThat(request(config().retryOnTimeout(false).build(), true)
                .onFailure(new SocketTimeoutException("read"), CallControl.NONE).retry()).isFalse();
    }

    @Test
    void neverRetriesACancelledCall() {
        CallControl canceled = new CallControl() {
            @Override
            public boolean isCanceled() {
                return true;
            }

            @Override
            public long remainingMillis() {
                return Long.MAX_VALUE;
            }
        };
        assertThat(request(config().build(), true).onFailure(new IOException("Canceled"), canceled).retry()).isFalse();
    }
}
