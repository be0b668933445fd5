package dev.llmguard.core.resilience;

import java.io.IOException;
import java.util.function.LongSupplier;

/**
 * One call's part in its host's retry budget and its host and model's circuit: may it start, may it
 * retry, and how did it end. Either may be missing (too many hosts tracked; breaker off). Not
 * thread-safe, like the call it belongs to.
 */
public final class CallResilience {
    private final RetryBudget budget;
    private final CircuitBreaker circuit;
    private final boolean observeOnly;
    private final LongSupplier nanoClock;
    private CircuitPermit permit = CircuitPermit.CALL;
    private boolean ended;

    CallResilience(RetryBudget budget, CircuitBreaker circuit, boolean observeOnly, LongSupplier nanoClock) {
        this.budget = budget;
        this.circuit = circuit;
        this.observeOnly = observeOnly;
        this.nanoClock = nanoClock;
    }

    /**
     * Before the first attempt: the circuit's permit. A refused call is not sent (in observe mode it
     * is, and counts as sent); a call that goes out earns its host a share of a retry.
     */
    public CircuitPermit enter() {
        long now = nanoClock.getAsLong();
        permit = circuit == null ? CircuitPermit.CALL : circuit.tryAcquire(now);
        if (permit.isRefused()) {
            ended = !observeOnly;
            return permit; // not sent (in enforce mode): it earns no retry
        }
        if (budget != null) {
            budget.callSent(now);
        }
        return permit;
    }

    /** Whether this call is its half-open circuit's probe: it gets one request, whose outcome decides. */
    public boolean isProbe() {
        return permit.isProbe();
    }

    /**
     * Why this call may not retry, or null when it may (and then the retry is taken from the budget).
     * In observe mode the answer is what enforce mode would have done; the caller does not retry anyway.
     *
     * @param drawsOnBudget false for a retry after a 429's known wait: the quota pause paces those
     */
    public String refuseRetry(boolean drawsOnBudget) {
        if (permit.isProbe()) {
            return "this call was the probe of the " + circuit + ", which gets one attempt";
        }
        if (circuit != null && !circuit.allowsRetries()) {
            return "the " + circuit + " is open";
        }
        if (!drawsOnBudget || budget == null) {
            return null;
        }
        long now = nanoClock.getAsLong();
        return budget.tryRetry(now) ? null : "the retry budget of the host is spent (" + budget.describe(now) + ")";
    }

    /** The client re-sent the last attempt {@code count} more times on its own. */
    public void retriesMade(int count) {
        if (budget != null && count > 0) {
            budget.retriesMade(count, nanoClock.getAsLong());
        }
    }

    /** The call ends with this response; 5xx counts against the circuit, 429 not at all, anything else for it. */
    public void endedWith(int status) {
        if (ended || circuit == null) {
            return;
        }
        ended = true;
        if (status >= 500) {
            circuit.failed(permit, Integer.toString(status), nanoClock.getAsLong());
        } else if (status == 429) {
            circuit.abandoned(permit);
        } else {
            circuit.succeeded(permit, status);
        }
    }

    /** @param connectionFailure whether it is one a retry could fix (the server may be down), not a cancellation */
    public void endedWith(IOException failure, boolean connectionFailure) {
        if (ended || circuit == null) {
            return;
        }
        ended = true;
        if (connectionFailure) {
            circuit.failed(permit, failure.getClass().getSimpleName(), nanoClock.getAsLong());
        } else {
            circuit.abandoned(permit);
        }
    }

    /** The call ends without an answer from the server (refused locally, cancelled). */
    public void abandoned() {
        if (!ended && circuit != null) {
            ended = true;
            circuit.abandoned(permit);
        }
    }
}
