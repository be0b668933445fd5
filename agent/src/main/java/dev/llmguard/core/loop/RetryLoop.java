package dev.llmguard.core.loop;

import dev.llmguard.core.exchange.BlockingExchange;
import dev.llmguard.core.exchange.CallControl;
import dev.llmguard.core.exchange.LocalResponse;
import dev.llmguard.core.exchange.Waiter;
import dev.llmguard.core.guard.Decision;
import dev.llmguard.core.guard.GuardedRequest;
import dev.llmguard.core.guard.LocalRefusal;
import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.core.throttle.Admission;
import java.io.IOException;

/**
 * The whole exchange of one logical call on the caller's thread: scope, circuit, then per attempt admit
 * (waiting for the quota), send, classify, and either return, wait and go again, or go on with a
 * fallback model (its circuit and quota in turn). Every
 * admission is released in one place. Any internal failure of the guard hands the application the
 * response or exception it got, unguarded from then on.
 */
public final class RetryLoop {
    private final RequestGuard guard;

    public RetryLoop(RequestGuard guard) {
        this.guard = guard;
    }

    public <R> R execute(BlockingExchange<R> exchange) throws IOException {
        GuardedRequest request = Attempts.open(guard, exchange);
        if (request == null) {
            return exchange.send();
        }
        CallControl control = exchange.control();
        GuardedRequest[] fallback = new GuardedRequest[1];
        while (true) {
            R result = onModel(request, exchange, control, fallback);
            if (fallback[0] == null) {
                return result;
            }
            request = fallback[0];
            fallback[0] = null;
        }
    }

    /**
     * The call's attempts for one model: the response for the application, or null with
     * {@code fallback[0]} set when the call goes on with another model (the exchange already
     * sends its request).
     */
    private static <R> R onModel(GuardedRequest request, BlockingExchange<R> exchange, CallControl control,
                                 GuardedRequest[] fallback) throws IOException {
        LocalResponse circuitOpen = Attempts.enter(request);
        if (circuitOpen != null) {
            fallback[0] = Attempts.circuitFallback(request, exchange);
            return fallback[0] != null ? null : exchange.answerLocally(circuitOpen);
        }
        while (true) {
            Admission admission = admit(request, control);
            if (admission.isRefused()) {
                fallback[0] = Attempts.refused(request, admission, exchange);
                return fallback[0] != null ? null : exchange.answerLocally(LocalRefusal.of(admission));
            }
            Decision decision;
            try {
                R response = null;
                IOException failure = null;
                try {
                    exchange.limitNetworkSends(request.sendsLeft());
                    response = exchange.send();
                } catch (IOException e) {
                    failure = e;
                }
                if (failure != null) {
                    decision = Attempts.onFailure(request, exchange, failure, control);
                    if (!decision.retry()) {
                        throw failure;
                    }
                } else {
                    decision = Attempts.onResponse(request, exchange, response, control, admission);
                    if (!decision.retry()) {
                        return response;
                    }
                    if (decision.next() != null) {
                        fallback[0] = Attempts.switched(decision, exchange);
                        if (fallback[0] == null) {
                            return response; // the client could not take the fallback's request
                        }
                    }
                    exchange.discard(response);
                    if (fallback[0] != null) {
                        return null;
                    }
                }
            } finally {
                admission.release();
            }
            Waiter.await(decision.waitMillis(), control);
        }
    }

    /** Waits, parked on this thread, until the quota grants or refuses the attempt. */
    private static Admission admit(GuardedRequest request, CallControl control) throws IOException {
        Admission admission = request.beginAdmission(control);
        try {
            for (long wait = request.advance(admission, control); wait > 0; wait = request.advance(admission, control)) {
                Waiter.awaitNanos(wait, control);
            }
        } catch (IOException | RuntimeException | Error e) {
            admission.abandon();
            throw e;
        }
        if (admission.isRefused()) {
            admission.abandon();
        }
        return admission;
    }
}
