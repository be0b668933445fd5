package dev.llmguard.jdkhttp;

import dev.llmguard.core.loop.AsyncRetryLoop;
import dev.llmguard.log.InternalErrors;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * The guard's entry for the JDK client, called by {@link SendAsyncAdvice} through the hook with
 * {@code (client, request, handler, pushPromiseHandler, executor)}: the future the application
 * gets, or null to let the client send the call itself (out of scope, an attempt of the guard's
 * own, a push-promise call, or an internal failure).
 */
public final class JdkHttpGuard implements Function<Object[], Object> {
    private static final ThreadLocal<Boolean> SENDING_ATTEMPT = new ThreadLocal<Boolean>();

    private final AsyncRetryLoop loop;
    private final int maxHeldBytes;

    public JdkHttpGuard(AsyncRetryLoop loop, int maxHeldBytes) {
        this.loop = loop;
        this.maxHeldBytes = maxHeldBytes;
    }

    /** Marks the guard's own attempts, which reach the advised method on the thread that sends them. */
    static void sendingAttempt(boolean sending) {
        if (sending) {
            SENDING_ATTEMPT.set(Boolean.TRUE);
        } else {
            SENDING_ATTEMPT.remove();
        }
    }

    @Override
    public Object apply(Object[] args) {
        if (SENDING_ATTEMPT.get() != null || args[3] != null) {
            return null;
        }
        try {
            return guard((HttpClient) args[0], (HttpRequest) args[1], (HttpResponse.BodyHandler<?>) args[2]);
        } catch (Throwable t) {
            InternalErrors.report("guarding a java.net.http.HttpClient call", t);
            return null;
        }
    }

    private <T> CompletableFuture<HttpResponse<T>> guard(HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        final JdkAsyncExchange exchange = new JdkAsyncExchange(client, request, handler, maxHeldBytes);
        final CompletableFuture<HttpResponse<AttemptBody>> attempts = loop.start(exchange);
        if (attempts == null) {
            return null;
        }
        final CompletableFuture<HttpResponse<T>> result = new CompletableFuture<HttpResponse<T>>();
        // handed on from the common pool, as the JDK does: the application's dependent stages never run on the guard's timer
        attempts.whenCompleteAsync((response, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            } else {
                finish(handler, response, exchange.fallbackModel(), result);
            }
        });
        result.whenComplete((r, t) -> {
            if (result.isCancelled()) {
                exchange.control.cancel();
                attempts.cancel(true);
            }
        });
        return result;
    }

    @SuppressWarnings("unchecked")
    /** @param fallbackModel the model that served the call after a fallback (marks the response), or null */
    private static <T> void finish(HttpResponse.BodyHandler<T> handler, HttpResponse<AttemptBody> response, String fallbackModel,
                                   CompletableFuture<HttpResponse<T>> result) {
        AttemptBody body = response.body();
        if (body == null || !body.isHeld()) {
            result.complete(new ResponseWithBody<T>(response, body == null ? null : (T) body.applicationsBody(), fallbackModel));
            return;
        }
        HeldBodyReplay.replay(handler, response, body.heldBytes()).whenComplete((b, t) -> {
            if (t != null) {
                result.completeExceptionally(t);
            } else {
                result.complete(new ResponseWithBody<T>(response, b, fallbackModel));
            }
        });
    }
}
