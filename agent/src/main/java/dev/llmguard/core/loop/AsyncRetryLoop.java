package dev.llmguard.core.loop;

import dev.llmguard.core.exchange.AsyncExchange;
import dev.llmguard.core.exchange.CallControl;
import dev.llmguard.core.exchange.LocalResponse;
import dev.llmguard.core.guard.Decision;
import dev.llmguard.core.guard.GuardedRequest;
import dev.llmguard.core.guard.LocalRefusal;
import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.core.throttle.Admission;
import dev.llmguard.log.InternalErrors;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The same loop as {@link RetryLoop} for clients that send asynchronously. It never parks a
 * thread: every wait (the quota's, the backoff's) is a task on {@link LoopTimer}, and each attempt
 * is started without blocking and ends in the client's callback. The caller's future completes
 * with the final response or failure; cancelling it stops the wait and the attempt in flight.
 */
public final class AsyncRetryLoop {
    /** Slices of a wait after which the call's own cancel flag is looked at again. */
    private static final long CANCEL_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final RequestGuard guard;

    public AsyncRetryLoop(RequestGuard guard) {
        this.guard = guard;
    }

    /**
     * Runs the call when it is in scope and returns its future; null when it is not (the adapter
     * then sends it as the client always would).
     */
    public <R> CompletableFuture<R> start(AsyncExchange<R> exchange) {
        GuardedRequest request = Attempts.open(guard, exchange);
        if (request == null) {
            return null;
        }
        Run<R> run = new Run<R>(exchange, request);
        run.result.whenComplete((r, t) -> {
            if (run.result.isCancelled()) {
                run.stop();
            }
        });
        run.starting = true;
        try {
            run.begin();
        } finally {
            run.starting = false;
        }
        return run.result;
    }

    private static final class Run<R> implements AsyncExchange.AttemptCallback<R> {
        final CompletableFuture<R> result = new CompletableFuture<R>();
        private final AsyncExchange<R> exchange;
        /** The policy of the model the call is on: the application's, or a fallback's once it switched. */
        private volatile GuardedRequest request;
        private final CallControl control;
        private volatile Admission admission = Admission.FREE;
        private volatile ScheduledFuture<?> timer;
        private long waitDeadlineNanos;
        /** While {@link #start} runs: an outcome known at once is handed over on the timer, never inside the caller's call. */
        volatile boolean starting;

        Run(AsyncExchange<R> exchange, GuardedRequest request) {
            this.exchange = exchange;
            this.request = request;
            this.control = exchange.control();
        }

        /**
         * The circuit first: while it is open the call goes on with a fallback model, or is
         * answered locally and never sent.
         */
        void begin() {
            LocalResponse circuitOpen = Attempts.enter(request);
            if (circuitOpen == null) {
                nextAttempt();
                return;
            }
            GuardedRequest next = Attempts.circuitFallback(request, exchange);
            if (next == null) {
                complete(exchange.answerLocally(circuitOpen));
            } else {
                request = next;
                begin();
            }
        }

        void nextAttempt() {
            if (stopped()) {
                return;
            }
            admission = request.beginAdmission(control);
            admit();
        }

        /** One step of the admission; a wait is scheduled, never slept. */
        private void admit() {
            if (stopped()) {
                admission.abandon();
                return;
            }
            long wait;
            try {
                wait = request.advance(admission, null);
            } catch (Throwable t) {
                admission.abandon();
                fail(t);
                return;
            }
            if (wait > 0) {
                after(wait, this::admit);
                return;
            }
            if (admission.isRefused()) {
                admission.abandon();
                GuardedRequest next = Attempts.refused(request, admission, exchange);
                if (next == null) {
                    complete(exchange.answerLocally(LocalRefusal.of(admission)));
                } else {
                    request = next;
                    begin();
                }
                return;
            }
            try {
                exchange.limitNetworkSends(request.sendsLeft());
                exchange.send(this);
            } catch (Throwable t) {
                admission.release();
                fail(t);
            }
        }

        @Override
        public void onResponse(R response) {
            Decision decision;
            try {
                decision = Attempts.onResponse(request, exchange, response, control, admission);
            } catch (Throwable t) {
                fail(t); // strict mode: the guard's own error reaches the application
                return;
            } finally {
                admission.release();
            }
            if (!decision.retry() || stopped()) {
                complete(response);
                return;
            }
            GuardedRequest next = null;
            if (decision.next() != null) {
                next = Attempts.switched(decision, exchange);
                if (next == null) {
                    complete(response); // the client could not take the fallback's request
                    return;
                }
            }
            exchange.discard(response);
            if (next != null) {
                request = next;
                begin();
            } else {
                waitThen(decision.waitMillis());
            }
        }

        @Override
        public void onFailure(Throwable failure) {
            admission.release();
            if (!(failure instanceof IOException) || stopped()) {
                fail(failure);
                return;
            }
            Decision decision;
            try {
                decision = Attempts.onFailure(request, exchange, (IOException) failure, control);
            } catch (Throwable t) {
                fail(t);
                return;
            }
            if (!decision.retry()) {
                fail(failure);
                return;
            }
            waitThen(decision.waitMillis());
        }

        /** The backoff before the next attempt, in slices so that a cancelled call stops waiting soon. */
        private void waitThen(long millis) {
            waitDeadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            awaitSlice();
        }

        private void awaitSlice() {
            if (stopped()) {
                return;
            }
            long left = waitDeadlineNanos - System.nanoTime();
            if (left <= 0) {
                nextAttempt();
            } else {
                after(Math.min(left, CANCEL_CHECK_NANOS), this::awaitSlice);
            }
        }

        private void after(long nanos, Runnable task) {
            try {
                timer = LoopTimer.schedule(() -> {
                    try {
                        task.run();
                    } catch (Throwable t) {
                        admission.abandon();
                        fail(t);
                        InternalErrors.report("an asynchronous retry", t);
                    }
                }, nanos);
            } catch (Throwable t) {
                admission.abandon();
                fail(t); // the timer cannot take work (the JVM is shutting down)
            }
            if (result.isDone()) {
                stop();
            }
        }

        /** True when the application cancelled (its future or the client's call): the run fails as the client would. */
        private boolean stopped() {
            if (result.isDone()) {
                return true;
            }
            if (control.isCanceled()) {
                fail(new IOException("Canceled"));
                return true;
            }
            return false;
        }

        void stop() {
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
            admission.abandon();
            exchange.cancelAttempt();
        }

        private void complete(final R response) {
            if (starting) {
                LoopTimer.schedule(() -> complete(response), 0);
            } else if (!result.complete(response)) {
                exchange.discard(response); // cancelled meanwhile: nobody will read it
            }
        }

        private void fail(final Throwable t) {
            if (starting) {
                LoopTimer.schedule(() -> fail(t), 0);
            } else {
                result.completeExceptionally(t);
            }
        }
    }
}
