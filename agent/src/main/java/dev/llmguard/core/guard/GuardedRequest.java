package dev.llmguard.core.guard;

import dev.llmguard.config.GuardConfig;
import dev.llmguard.config.PriorityConfig;
import dev.llmguard.config.RetryConfig;
import dev.llmguard.core.body.ResponseUsage;
import dev.llmguard.core.body.UsageTap;
import dev.llmguard.core.classify.ResponseFacts;
import dev.llmguard.core.classify.ServerWait;
import dev.llmguard.core.classify.Verdict;
import dev.llmguard.core.events.GuardEvents;
import dev.llmguard.core.exchange.CallControl;
import dev.llmguard.core.exchange.LocalResponse;
import dev.llmguard.core.events.RequestLabel;
import dev.llmguard.core.http.RequestInfo;
import dev.llmguard.core.metrics.QuotaStats;
import dev.llmguard.core.http.ResponseInfo;
import dev.llmguard.core.throttle.Admission;
import dev.llmguard.core.throttle.Quota;
import dev.llmguard.core.throttle.TokenEstimate;
import dev.llmguard.core.events.Outcome;
import dev.llmguard.core.fallback.FallbackChain;
import dev.llmguard.core.ratelimit.RateLimitSnapshot;
import dev.llmguard.core.resilience.CallResilience;
import dev.llmguard.core.resilience.CircuitPermit;
import dev.llmguard.core.retry.Backoff;
import dev.llmguard.core.retry.ConnectionFailures;
import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The retry policy of one logical request: the loop reports each attempt's outcome and gets a
 * {@link Decision}. The loop ({@code core.loop}) owns the mechanism (sending, closing, waiting,
 * releasing); this class owns the policy. Not thread-safe: one request, one attempt at a time.
 */
public final class GuardedRequest {
    private final RequestInfo request;
    private final RequestLabel label;
    private final RetryConfig retry;
    /** Observe mode: charge the quota and log, but never wait, retry or refuse. */
    private final boolean observeOnly;
    private final long maxWaitMillis;
    private final int maxBodyCaptureBytes;
    private final Backoff backoff;
    private final GuardEvents events;
    private final Quota quota;
    private final TokenEstimate estimatedTokens;
    private final QuotaStats stats;
    /** Its host's retry budget and its host and model's circuit. */
    private final CallResilience resilience;
    private final PriorityConfig.Priority priority;
    /** llmguard.priority.interactive-max-wait: what an interactive call may wait in all, for its quota and between attempts. */
    private final long interactiveMaxWaitMillis;
    /** What this call has waited so far, for its quota and between attempts. */
    private long waitedMillis;
    private final long startNanos = System.nanoTime();
    /** Set when the call may fall back to other models: the guard that starts their policies, and the models left. */
    private RequestGuard fallbackGuard;
    private FallbackChain fallbacks;
    private boolean modelInBody;
    /** The hash of the request's tenant when quotas are split by tenant, else null. */
    private String tenantHash;
    private long admissionStartNanos;
    private int attempt = 1;

    /**
     * @param maxWaitMillis       llmguard.throttle.max-wait: the longest a request waits for its quota
     * @param maxBodyCaptureBytes llmguard.capture.max-body-bytes, for the responses' bodies too
     */
    GuardedRequest(RequestInfo request, RequestLabel label, RetryConfig retry, GuardConfig.Mode mode, long maxWaitMillis,
                   int maxBodyCaptureBytes, Backoff backoff, GuardEvents events, Quota quota, TokenEstimate estimatedTokens,
                   QuotaStats stats, CallResilience resilience, PriorityConfig.Priority priority, long interactiveMaxWaitMillis) {
        this.request = request;
        this.label = label;
        this.retry = retry;
        this.observeOnly = mode == GuardConfig.Mode.OBSERVE;
        this.maxWaitMillis = maxWaitMillis;
        this.maxBodyCaptureBytes = maxBodyCaptureBytes;
        this.backoff = backoff;
        this.events = events;
        this.quota = quota;
        this.estimatedTokens = estimatedTokens;
        this.stats = stats;
        stats.estimated(estimatedTokens.total());
        this.resilience = resilience;
        this.priority = priority;
        this.interactiveMaxWaitMillis = interactiveMaxWaitMillis;
    }

    public PriorityConfig.Priority priority() {
        return priority;
    }

    private boolean interactive() {
        return priority == PriorityConfig.Priority.INTERACTIVE;
    }

    /** What an interactive call may still wait; Long.MAX_VALUE for a background one. */
    private long waitLeftMillis() {
        return interactive() ? Math.max(0, interactiveMaxWaitMillis - waitedMillis) : Long.MAX_VALUE;
    }

    /** The bound a quota wait is refused beyond, as its line names it. */
    private String waitBoundText() {
        return interactive()
                ? "llmguard.priority.interactive-max-wait (" + GuardEvents.seconds(interactiveMaxWaitMillis) + " in all, for an interactive request)"
                : "llmguard.throttle.max-wait (" + GuardEvents.seconds(maxWaitMillis) + ")";
    }

    /** Lets this call fall back along {@code chain}; see {@link RequestGuard#fallBack}. */
    void offerFallbacks(RequestGuard guard, FallbackChain chain) {
        this.fallbackGuard = guard;
        this.fallbacks = chain;
    }

    /** The request's tenant, by hash, when quotas are split by tenant. */
    void tenant(String hash) {
        this.tenantHash = hash;
    }

    /** Whether the model came from the body's {@code model} (rewritten there) rather than the path. */
    void modelNamedInBody(boolean inBody) {
        this.modelInBody = inBody;
    }

    /** The request as this policy's attempts send it: the application's, or its rewrite for a fallback model. */
    public RequestInfo request() {
        return request;
    }

    FallbackChain fallbacks() {
        return fallbacks;
    }

    /** Whether the model is named in the body's {@code model} (a fallback rewrites the body) rather than the path. */
    public boolean modelInBody() {
        return modelInBody;
    }

    /** The policy for the call's next model, or null when it has no fallback left (it then ends as it would without). */
    private GuardedRequest fallBack(String why) {
        if (fallbacks == null || !fallbacks.hasNext(label.model())) {
            return null;
        }
        return fallbackGuard.fallBack(this, why);
    }

    /**
     * Before the first attempt: null to send the call, or the local 503 to answer it with while its
     * circuit is open (the circuit's lines say so; in observe mode the call is sent).
     */
    public LocalResponse enter() {
        CircuitPermit permit = resilience.enter();
        return permit.isRefused() && !observeOnly ? LocalRefusal.circuitOpen(permit) : null;
    }

    /**
     * Starts this attempt's way through the request's quota (see {@link Quota#advance}); the loop
     * waits and advances it. In observe mode the request is charged without waiting and what pacing
     * would have done is logged: the admission is granted at once.
     */
    public Admission beginAdmission(CallControl control) {
        if (quota == null) {
            return Admission.FREE;
        }
        admissionStartNanos = System.nanoTime();
        if (observeOnly) {
            long wait = quota.chargeWithoutWaiting(estimatedTokens);
            events.wouldWait(label, wait, maxWaitMillis);
            return Admission.FREE;
        }
        long budget = Math.min(Math.min(maxWaitMillis, waitLeftMillis()), control.remainingMillis());
        return quota.begin(estimatedTokens, budget, interactive(), tenantHash);
    }

    /** One step of the admission; see {@link Quota#advance}. */
    public long advance(Admission admission, CallControl parkWith) throws IOException {
        long wait = admission.quota() == null ? 0 : admission.quota().advance(admission, parkWith);
        if (wait == 0 && admissionStartNanos != 0) {
            long waited = (System.nanoTime() - admissionStartNanos) / 1_000_000; // the admission's whole wait, parked or on a timer
            stats.waited(waited);
            waitedMillis += waited;
            admissionStartNanos = 0;
        }
        return wait;
    }

    /**
     * The admission was refused: the policy of the fallback model the call goes on with, or null
     * when it has none (one line, then the local 429 that {@link LocalRefusal} builds).
     */
    public GuardedRequest refused(Admission admission) {
        resilience.abandoned();
        GuardedRequest next = fallBack(GuardEvents.refusalWhy(admission, waitBoundText()));
        if (next == null) {
            stats.refused();
            events.refused(label, admission, waitBoundText(), Math.min(maxWaitMillis, waitLeftMillis()));
        }
        return next;
    }

    /** The call's circuit is open: the policy of the fallback model the call goes on with, or null (answered locally). */
    public GuardedRequest circuitOpen() {
        return fallBack("its circuit is open (the last calls for it failed)");
    }

    /** How many server requests this call may still make, the next attempt's included; a circuit's probe makes one. */
    public int sendsLeft() {
        if (resilience.isProbe() && !observeOnly) {
            return 1;
        }
        return Math.max(1, retry.maxAttempts() - attempt + 1);
    }

    /**
     * The client sent the last attempt {@code sends} times (it retried inside one attempt): every
     * send counts against max-attempts, and the lines name the true attempt.
     */
    public void countSends(int sends) {
        stats.sent(sends, quota == null ? -1 : quota.limits().requestsPerDay());
        if (sends > 1) {
            attempt += sends - 1;
            resilience.retriesMade(sends - 1);
        }
    }

    public RequestLabel label() {
        return label;
    }

    public int maxBodyCaptureBytes() {
        return maxBodyCaptureBytes;
    }

    /** The attempt about to be sent or just answered, from 1. */
    public int attempt() {
        return attempt;
    }

    /** @param admission this attempt's, for the tokens it charged; the loop releases it */
    public Decision onResponse(ResponseInfo response, CallControl control, Admission admission) {
        Decision decision = decide(response, control, admission);
        if (!decision.retry() || decision.next() != null) {
            resilience.endedWith(response.status());
        }
        return decision;
    }

    private Decision decide(ResponseInfo response, CallControl control, Admission admission) {
        long now = System.currentTimeMillis();
        ResponseFacts facts = ResponseFacts.read(response, now);
        RateLimitSnapshot limits = facts.limits();
        Verdict verdict = facts.verdict();
        if (quota != null) {
            long wait = verdict.serverWait().isKnown() ? verdict.serverWait().millis() : 0;
            boolean rateLimited = response.status() == 429 && verdict.kind() == Verdict.Kind.RETRYABLE;
            quota.onResponse(limits, response.status(), rateLimited, wait, facts.usedTokens(), facts.promptTokens(),
                    facts.outputTokens(), admission);
            quota.calibrate(estimatedTokens, facts.promptTokens());
        }
        stats.remaining(limits.requestsRemaining(), limits.tokensRemaining(),
                limits.requestsResetMillis() >= 0 ? now + limits.requestsResetMillis() : -1);
        stats.answered(verdict.kind() == Verdict.Kind.SUCCESS, response.status() == 429, verdict.limitType(), facts.usedTokens());
        Outcome outcome = new Outcome(response, verdict, limits);
        switch (verdict.kind()) {
            case SUCCESS:
                UsageTap tap = response.usageTap();
                if (tap != null) {
                    tap.whenEnded(usage -> streamEnded(usage, admission));
                }
                if (attempt > 1) {
                    events.recovered(label, attempt, elapsedMillis());
                }
                return Decision.RETURN;
            case FUTILE:
                stats.futile();
                if (verdict.modelQuotaExhausted()) {
                    GuardedRequest next = fallBack("its quota is exhausted (" + response.status() + " " + verdict.reason() + ")");
                    if (next != null) {
                        return Decision.switchTo(next);
                    }
                }
                events.futile(label, outcome);
                return Decision.RETURN;
            case NOT_RETRYABLE:
                if (attempt > 1 || response.status() == 429) {
                    events.notRetryable(label, outcome, attempt);
                }
                return Decision.RETURN;
            default:
                return retryOrGiveUp(outcome, control);
        }
    }

    /** A success read through a tap (a stream, a body read after the decision) ended with the usage it reported: charged and learned from as a plain body's is. */
    private void streamEnded(ResponseUsage usage, Admission admission) {
        if (quota != null) {
            quota.chargeUsage(admission, usage.totalTokens(), usage.promptTokens(), usage.outputTokens());
            quota.calibrate(estimatedTokens, usage.promptTokens());
        }
        stats.tokensReported(usage.totalTokens());
    }

    private Decision retryOrGiveUp(Outcome outcome, CallControl control) {
        int max = retry.maxAttempts();
        if (!request.bodyReplayable()) {
            events.gaveUp(label, outcome, attempt, max, "the request body is one-shot and cannot be sent again");
            return Decision.RETURN;
        }
        if (attempt >= max) {
            return giveUpOrFallBack(outcome, max, "max-attempts (" + max + ") reached");
        }
        ServerWait serverWait = outcome.verdict().serverWait();
        long wait;
        String source;
        if (serverWait.isKnown() && serverWait.millis() > 0) {
            if (serverWait.millis() > retry.maxServerWaitMillis()) {
                return giveUpOrFallBack(outcome, max, "the server asks to wait "
                        + GuardEvents.seconds(serverWait.millis()) + " (" + serverWait.source()
                        + "), more than llmguard.retry.max-server-wait (" + GuardEvents.seconds(retry.maxServerWaitMillis()) + ")");
            }
            wait = serverWait.millis() + spread(serverWait.millis());
            source = serverWait.source();
        } else {
            wait = backoff.delayMillis(attempt);
            source = "backoff";
        }
        if (wait > control.remainingMillis()) {
            events.gaveUp(label, outcome, attempt, max, "waiting " + GuardEvents.seconds(wait)
                    + " would pass the call's timeout");
            return Decision.RETURN;
        }
        if (wait > waitLeftMillis()) {
            return giveUpOrFallBack(outcome, max, "waiting " + GuardEvents.seconds(wait) + " would pass " + waitBoundText());
        }
        // a 429 with a known wait is throttling: the quota pause holds every caller of the quota until then
        boolean rateLimitedWithWait = outcome.response().status() == 429 && serverWait.isKnown();
        String refusal = resilience.refuseRetry(!rateLimitedWithWait);
        if (refusal != null) {
            events.gaveUp(label, outcome, attempt, max, observed(refusal));
            return Decision.RETURN;
        }
        events.retrying(label, outcome, attempt, max, wait, source, observeOnly);
        countRetry(wait);
        attempt++;
        return observeOnly ? Decision.RETURN : Decision.retryAfter(wait);
    }

    /** The model cannot serve the call soon: its fallback takes it on, or the call gives up with this response. */
    private Decision giveUpOrFallBack(Outcome outcome, int max, String why) {
        String reason = outcome.verdict().reason();
        GuardedRequest next = fallBack(why + " (last: " + (reason.startsWith("status ") ? reason
                : outcome.response().status() + " " + reason) + ")");
        if (next != null) {
            return Decision.switchTo(next);
        }
        events.gaveUp(label, outcome, attempt, max, why);
        return Decision.RETURN;
    }

    public Decision onFailure(IOException failure, CallControl control) {
        Decision decision = decide(failure, control);
        if (decision.retry()) {
            return decision;
        }
        if (control.isCanceled()) {
            resilience.abandoned();
        } else {
            resilience.endedWith(failure, ConnectionFailures.isRetryable(failure, true));
        }
        return decision;
    }

    private Decision decide(IOException failure, CallControl control) {
        int max = retry.maxAttempts();
        if (control.isCanceled() || !ConnectionFailures.isRetryable(failure, retry.onTimeout())) {
            return Decision.RETURN;
        }
        if (!request.bodyReplayable()) {
            events.failureGaveUp(label, failure, attempt, max, "the request body is one-shot and cannot be sent again");
            return Decision.RETURN;
        }
        if (attempt >= max) {
            events.failureGaveUp(label, failure, attempt, max, "max-attempts (" + max + ") reached");
            return Decision.RETURN;
        }
        long wait = backoff.delayMillis(attempt);
        if (wait > control.remainingMillis()) {
            events.failureGaveUp(label, failure, attempt, max, "waiting would pass the call's timeout");
            return Decision.RETURN;
        }
        if (wait > waitLeftMillis()) {
            events.failureGaveUp(label, failure, attempt, max, "waiting " + GuardEvents.seconds(wait) + " would pass " + waitBoundText());
            return Decision.RETURN;
        }
        String refusal = resilience.refuseRetry(true);
        if (refusal != null) {
            events.failureGaveUp(label, failure, attempt, max, observed(refusal));
            return Decision.RETURN;
        }
        events.failureRetrying(label, failure, attempt, max, wait, observeOnly);
        countRetry(wait);
        attempt++;
        return observeOnly ? Decision.RETURN : Decision.retryAfter(wait);
    }

    private void countRetry(long waitMillis) {
        if (!observeOnly) {
            waitedMillis += waitMillis;
            stats.retried();
            stats.waited(waitMillis);
        }
    }

    /** In observe mode the call was never going to be retried: the line says what enforce mode would have done. */
    private String observed(String refusal) {
        return observeOnly ? "would give up: " + refusal + " [observe mode]" : refusal;
    }

    /** A little on top of a server-given wait, so clients told the same instant don't return together. */
    private static long spread(long serverMillis) {
        long bound = Math.min(1000, serverMillis / 10);
        return bound <= 0 ? 0 : ThreadLocalRandom.current().nextLong(bound + 1);
    }

    private long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
