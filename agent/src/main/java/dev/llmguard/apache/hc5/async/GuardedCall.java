package dev.llmguard.apache.hc5.async;

import dev.llmguard.core.exchange.CallControl;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.core5.concurrent.ComplexFuture;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The application's side of one guarded call: its response consumer, its context, and the Future
 * (with its callback) that {@code execute} returned. They hear about the final attempt only, and
 * once: the Future is the client's own kind ({@link ComplexFuture}), which calls the callback once
 * whatever completes it first. Also the call's control: cancelling the Future cancels the call.
 */
final class GuardedCall<T> implements CallControl {
    final AsyncResponseConsumer<T> consumer;
    final HttpContext context;
    private final ComplexFuture<T> future;
    private final AtomicBoolean consumerFailed = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();

    GuardedCall(AsyncResponseConsumer<T> consumer, HttpContext context, FutureCallback<T> callback) {
        this.consumer = consumer;
        this.context = context;
        this.future = new ComplexFuture<T>(callback);
    }

    Future<T> future() {
        return future;
    }

    /**
     * Follows the loop's run: its final response is handed to the application's consumer, its
     * failure to the consumer and the Future. Cancelling the Future stops the run's wait and the
     * attempt in flight, a response the application is already reading included.
     */
    void follow(final CompletableFuture<AttemptResponse> run, final Hc5AsyncExchange exchange) {
        future.setDependency(() -> {
            run.cancel(true);
            exchange.cancelAttempt();
            return true;
        });
        run.whenComplete((response, failure) -> {
            if (failure == null) {
                response.deliver();
            } else {
                fail(failure);
            }
        });
    }

    /** Hands the final response's head to the application's consumer, which completes the Future once it has built its result. */
    void consumeResponse(HttpResponse head, EntityDetails entity) throws HttpException, IOException {
        consumer.consumeResponse(head, entity, context, resultCallback());
    }

    /** What the application's consumer calls with its result (as in the client's own doExecute). */
    private FutureCallback<T> resultCallback() {
        return new FutureCallback<T>() {
            @Override
            public void completed(T result) {
                future.completed(result);
            }

            @Override
            public void failed(Exception ex) {
                future.failed(ex);
            }

            @Override
            public void cancelled() {
                future.cancel();
            }
        };
    }

    /** The call failed: the consumer hears it (once), then the Future, as when the client fails a call itself. */
    void fail(Throwable failure) {
        Exception e = failure instanceof Exception ? (Exception) failure : new Exception(failure);
        try {
            if (consumerFailed.compareAndSet(false, true)) {
                consumer.failed(e);
            }
        } finally {
            future.failed(e);
            release();
        }
    }

    /** The consumer's resources, released once, when the call is over for it. */
    void release() {
        if (released.compareAndSet(false, true)) {
            consumer.releaseResources();
        }
    }

    /** True once the call is over for the application's consumer (cancelled, failed, or done): it hears nothing more. */
    boolean isOver() {
        return released.get();
    }

    @Override
    public boolean isCanceled() {
        return future.isCancelled();
    }

    /** None: the async client's timeouts (connect, response) bound each attempt, not the whole call. */
    @Override
    public long remainingMillis() {
        return Long.MAX_VALUE;
    }
}
