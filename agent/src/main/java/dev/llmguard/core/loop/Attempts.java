package dev.llmguard.core.loop;

import dev.llmguard.core.exchange.CallControl;
import dev.llmguard.core.exchange.Exchange;
import dev.llmguard.core.exchange.LocalResponse;
import dev.llmguard.core.guard.Decision;
import dev.llmguard.core.guard.GuardedRequest;
import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.core.throttle.Admission;
import dev.llmguard.log.InternalErrors;
import java.io.IOException;

/**
 * What the blocking and the asynchronous loop do alike around one attempt: open the call, and
 * turn an attempt's outcome into a decision. A failure of the guard itself is reported once and
 * the outcome handed to the application as it is.
 */
final class Attempts {
    private Attempts() {
    }

    /** The call's policy, or null when it is out of scope or could not be read (it then goes through unguarded). */
    static GuardedRequest open(RequestGuard guard, Exchange<?> exchange) {
        try {
            return guard.open(exchange);
        } catch (Throwable t) {
            InternalErrors.report("reading a request", t);
            return null;
        }
    }

    /** Null to send the call, or the local answer while its circuit is open; see {@link GuardedRequest#enter}. */
    static LocalResponse enter(GuardedRequest request) {
        try {
            return request.enter();
        } catch (Throwable t) {
            InternalErrors.report("asking a circuit", t);
            return null;
        }
    }

    static <R> Decision onResponse(GuardedRequest request, Exchange<R> exchange, R response, CallControl control,
                                   Admission admission) {
        try {
            request.countSends(exchange.networkSendsOfLastAttempt());
            return request.onResponse(exchange.view(response, request.maxBodyCaptureBytes()), control, admission);
        } catch (Throwable t) {
            InternalErrors.report("deciding on a response", t);
            return Decision.RETURN;
        }
    }

    static Decision onFailure(GuardedRequest request, Exchange<?> exchange, IOException failure, CallControl control) {
        try {
            request.countSends(exchange.networkSendsOfLastAttempt());
            return request.onFailure(failure, control);
        } catch (Throwable t) {
            InternalErrors.report("deciding on a failure", t);
            return Decision.RETURN;
        }
    }

    /** The fallback the call goes on with while its circuit is open, its request already the exchange's; else null. */
    static GuardedRequest circuitFallback(GuardedRequest request, Exchange<?> exchange) {
        try {
            return retargeted(request.circuitOpen(), exchange);
        } catch (Throwable t) {
            InternalErrors.report("falling back from an open circuit", t);
            return null;
        }
    }

    /** The fallback the call goes on with when its quota refused it, its request already the exchange's; else null (after the refusal's line). */
    static GuardedRequest refused(GuardedRequest request, Admission admission, Exchange<?> exchange) {
        try {
            return retargeted(request.refused(admission), exchange);
        } catch (Throwable t) {
            InternalErrors.report("refusing a request", t);
            return null;
        }
    }

    /** The decision's fallback, its request already the exchange's; null when the client could not take it. */
    static GuardedRequest switched(Decision decision, Exchange<?> exchange) {
        try {
            return retargeted(decision.next(), exchange);
        } catch (Throwable t) {
            InternalErrors.report("switching a call to its fallback model", t);
            return null;
        }
    }

    private static GuardedRequest retargeted(GuardedRequest next, Exchange<?> exchange) {
        if (next != null) {
            exchange.retarget(next.request().path(), next.modelInBody() ? next.request().body() : null, next.label().model());
        }
        return next;
    }
}
