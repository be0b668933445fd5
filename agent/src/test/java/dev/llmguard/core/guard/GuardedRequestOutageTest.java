package dev.llmguard.core.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.config.GuardConfig;
import dev.llmguard.core.events.GuardEvents;
import dev.llmguard.core.exchange.CallControl;
import dev.llmguard.core.exchange.LocalResponse;
import dev.llmguard.core.http.Headers;
import dev.llmguard.core.http.RequestInfo;
import dev.llmguard.core.http.ResponseInfo;
import dev.llmguard.core.throttle.Admission;
import dev.llmguard.core.throttle.LocalQuotaStore;
import dev.llmguard.log.LogCapture;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The retry budget and the circuit as the retry policy meets them, on a stepped clock. */
class GuardedRequestOutageTest {
    private static final byte[] BODY = "{\"model\":\"gpt-4o-mini\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8);
    private final AtomicLong nanos = new AtomicLong(TimeUnit.HOURS.toNanos(1));
    private final LogCapture log = LogCapture.start();

    @AfterEach
    void stopCapture() {
        log.close();
    }

    private static GuardConfig.Builder config() {
        return GuardConfig.builder().throttleEnabled(false).retryBaseDelayMillis(100).retryMaxDelayMillis(400);
    }

    private RequestGuard guard(GuardConfig.Builder config) {
        return new RequestGuard(config.build(), new GuardEvents(log.log(GuardConfig.LogLevel.INFO)), LocalQuotaStore.INSTANCE,
                nanos::get);
    }

    private static GuardedRequest call(RequestGuard guard) {
        return guard.start(RequestInfo.builder().method("POST").host("api.openai.com").port(443).path("/v1/chat/completions")
                .body(BODY).bodyLength(BODY.length).bodyReplayable(true).build());
    }

    private static Decision respond(GuardedRequest r, int status, String... headers) {
        return r.onResponse(ResponseInfo.of(status, Headers.of(headers)), CallControl.NONE, Admission.FREE);
    }

    /** A call that goes out and ends with {@code status} after the retries the policy grants. */
    private static int sendsUntilItEnds(GuardedRequest r, int status) {
        assertThat(r.enter()).isNull();
        int sends = 1;
        while (respond(r, status).retry()) {
            sends++;
        }
        return sends;
    }

    private void advanceMillis(long millis) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private List<String> lines() {
        return log.lines();
    }

    @Test
    void givesUpWithTheServersResponseOnceTheHostsBudgetIsSpent() {
        RequestGuard guard = guard(config().retryBudgetPercent(0).retryBudgetMinRetries(3).breakerFailureThreshold(0));
        assertThat(sendsUntilItEnds(call(guard), 503)).as("the floor's 3 retries").isEqualTo(4);
        assertThat(sendsUntilItEnds(call(guard), 503)).as("nothing left").isEqualTo(1);
        assertThat(lines()).filteredOn(l -> l.startsWith("WARN giving up (503)"))
                .last().asString().contains("the retry budget of the host is spent (3 retries in the last 10 s",
                        "the application gets the 503 response");
    }

    @Test
    void connectionFailuresDrawOnTheSameBudget() {
        RequestGuard guard = guard(config().retryBudgetPercent(0).retryBudgetMinRetries(1).breakerFailureThreshold(0));
        GuardedRequest r = call(guard);
        r.enter();
        assertThat(r.onFailure(new ConnectException("refused"), CallControl.NONE).retry()).isTrue();
        assertThat(r.onFailure(new ConnectException("refused"), CallControl.NONE).retry()).isFalse();
        assertThat(lines()).anyMatch(l -> l.startsWith("WARN giving up after connection failure") && l.contains("retry budget"));
    }

    @Test
    void aRetryAfterA429sKnownWaitIsThrottlingAndDrawsNothing() {
        RequestGuard guard = guard(config().retryBudgetPercent(0).retryBudgetMinRetries(0).breakerFailureThreshold(0));
        GuardedRequest r = call(guard);
        r.enter();
        for (int i = 0; i < 4; i++) {
            assertThat(respond(r, 429, "retry-after-ms", "10").retry()).isTrue();
        }
        GuardedRequest other = call(guard);
        other.enter();
        assertThat(respond(other, 429).retry()).as("a 429 without a wait is backed off, from the budget").isFalse();
    }

    @Test
    void theBudgetGrowsWithTheCallsSent() {
        RequestGuard guard = guard(config().retryBudgetPercent(20).retryBudgetMinRetries(0).breakerFailureThreshold(0));
        for (int i = 0; i < 10; i++) {
            GuardedRequest ok = call(guard);
            ok.enter();
            respond(ok, 200);
        }
        assertThat(sendsUntilItEnds(call(guard), 503)).as("20% of 11 calls").isEqualTo(3);
    }

    @Test
    void theCircuitOpensAfterFailedCallsAndAnswersLocallyWithTheRestOfTheCooldown() {
        RequestGuard guard = guard(config().retryMaxAttempts(2).breakerFailureThreshold(2).breakerCooldownMillis(5_000));
        sendsUntilItEnds(call(guard), 503);
        sendsUntilItEnds(call(guard), 500);
        advanceMillis(1_200);

        LocalResponse local = call(guard).enter();

        assertThat(local).isNotNull();
        assertThat(local.status()).isEqualTo(503);
        assertThat(local.headers().get("x-llm-guard")).isEqualTo("circuit-open");
        assertThat(local.headers().get("retry-after")).isEqualTo("4");
        assertThat(local.headers().get("retry-after-ms")).isEqualTo("3800");
        assertThat(new String(local.body(), StandardCharsets.UTF_8)).startsWith("{\"error\":{\"message\":\"Answered locally by llm-guard")
                .contains("\"type\":\"server_error\"", "\"code\":\"circuit_open\"");
        assertThat(lines()).filteredOn(l -> l.contains("circuit open: api.openai.com:443 model=gpt-4o-mini"))
                .singleElement().asString().startsWith("WARN").contains("2 calls in a row failed (last: 500)", "5.00 s");
    }

    @Test
    void aBlipTheRetriesAbsorbNeverOpensTheCircuit() {
        RequestGuard guard = guard(config().breakerFailureThreshold(2));
        for (int i = 0; i < 5; i++) {
            GuardedRequest r = call(guard);
            r.enter();
            assertThat(respond(r, 503).retry()).isTrue();
            assertThat(respond(r, 200).retry()).isFalse();
        }
        assertThat(call(guard).enter()).isNull();
    }

    @Test
    void clientErrorsAnd429sNeverOpenIt() {
        RequestGuard guard = guard(config().retryMaxAttempts(1).breakerFailureThreshold(2));
        for (int status : new int[] {400, 401, 404, 429, 429, 422}) {
            sendsUntilItEnds(call(guard), status);
        }
        assertThat(call(guard).enter()).isNull();
    }

    @Test
    void afterTheCooldownOneProbeGetsOneAttemptAndItsSuccessClosesTheCircuit() {
        RequestGuard guard = guard(config().retryMaxAttempts(1).breakerFailureThreshold(1).breakerCooldownMillis(5_000));
        sendsUntilItEnds(call(guard), 503);
        advanceMillis(5_000);

        GuardedRequest probe = call(guard);
        assertThat(probe.enter()).isNull();
        assertThat(call(guard).enter()).as("one probe at a time").isNotNull();
        respond(probe, 200);

        assertThat(call(guard).enter()).isNull();
        assertThat(lines()).filteredOn(l -> l.contains("circuit ")).extracting(l -> l.substring(0, l.indexOf(':')))
                .containsExactly("WARN circuit open", "INFO circuit half-open", "WARN circuit closed");
    }

    @Test
    void aFailedProbeIsNotRetriedAndOpensTheCircuitAgain() {
        RequestGuard guard = guard(config().breakerFailureThreshold(1).breakerCooldownMillis(5_000));
        sendsUntilItEnds(call(guard), 503);
        advanceMillis(5_000);
        GuardedRequest probe = call(guard);
        probe.enter();
        assertThat(probe.sendsLeft()).as("not even the client's own re-send").isEqualTo(1);
        assertThat(respond(probe, 503).retry()).isFalse();
        assertThat(call(guard).enter()).isNotNull();
        assertThat(lines()).anyMatch(l -> l.startsWith("WARN circuit open again") && l.contains("the probe failed (503)"));
    }

    @Test
    void aCallInFlightWhenTheCircuitOpensGivesUpInsteadOfRetrying() {
        RequestGuard guard = guard(config().breakerFailureThreshold(1));
        GuardedRequest inFlight = call(guard);
        inFlight.enter();
        assertThat(sendsUntilItEnds(call(guard), 502)).as("max-attempts, then the circuit opens").isEqualTo(5);
        assertThat(respond(inFlight, 503).retry()).isFalse();
        assertThat(lines()).anyMatch(l -> l.contains("giving up (503)") && l.contains("model=gpt-4o-mini is open"));
    }

    @Test
    void aCancelledCallSaysNothingToTheCircuit() {
        RequestGuard guard = guard(config().breakerFailureThreshold(1));
        GuardedRequest cancelled = call(guard);
        cancelled.enter();
        assertThat(cancelled.onFailure(new java.io.IOException("Canceled"), canceled()).retry()).isFalse();
        assertThat(call(guard).enter()).isNull();
    }

    @Test
    void observeModeRunsTheCircuitAndTheBudgetButSendsEverything() {
        RequestGuard guard = guard(config().mode(GuardConfig.Mode.OBSERVE).retryBudgetPercent(0).retryBudgetMinRetries(0)
                .breakerFailureThreshold(1));
        GuardedRequest first = call(guard);
        assertThat(first.enter()).isNull();
        assertThat(respond(first, 503).retry()).isFalse();
        assertThat(call(guard).enter()).as("would be answered locally, but is sent").isNull();
        assertThat(lines()).anyMatch(l -> l.contains("would give up: the retry budget of the host is spent") && l.contains("[observe mode]"));
        assertThat(lines()).anyMatch(l -> l.startsWith("WARN circuit open:") && l.endsWith("[observe mode: calls are still sent]"));
    }

    private static CallControl canceled() {
        return new CallControl() {
            @Override
            public boolean isCanceled() {
                return true;
            }

            @Override
            public long remainingMillis() {
                return Long.MAX_VALUE;
            }
        };
    }
}
