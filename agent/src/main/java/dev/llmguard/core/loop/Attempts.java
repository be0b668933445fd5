package dev.llmguard.core.loop;

import dev.llmguard.core.exchange.CallControl;
import dev.llmguard.core.exchange.Exchange;
import dev.llmguard.core.exchange.LocalResponse;
import dev.llmguard.core.guard.Decision;
import dev.llmguard.core.guard.GuardedRequest;
import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.core.http.RequestInfo;
import dev.llmguard.core.throttle.Admission;
import dev.llmguard.log.InternalErrors;
import java.io.IOException;
import java.util.function.Supplier;

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
        return fallBack(request::circuitOpen, exchange, "falling back from an open circuit");
    }

    /** The fallback the call goes on with when its quota refused it, its request already the exchange's; else null (after the refusal's line). */
    static GuardedRequest refused(GuardedRequest request, Admission admission, Exchange<?> exchange) {
        return fallBack(() -> request.refused(admission), exchange, "refusing a request");
    }

    /** The decision's fallback, its request already the exchange's; null when the client could not take it. */
    static GuardedRequest switched(Decision decision, Exchange<?> exchange) {
        return fallBack(decision::next, exchange, "switching a call to its fallback model");
    }

    /**
     * The policy {@code next} gives (null: none), after the exchange was told to send its request;
     * null, reported once, when either fails.
     */
    private static GuardedRequest fallBack(Supplier<GuardedRequest> next, Exchange<?> exchange, String doing) {
        try {
            GuardedRequest policy = next.get();
            if (policy != null) {
                RequestInfo request = policy.request();
                exchange.retarget(request.path(), policy.modelInBody() ? request.body() : null, policy.label().model());
            }
            return policy;
        } catch (Throwable t) {
            InternalErrors.report(doing, t);
            return null;
        }
    }
}
