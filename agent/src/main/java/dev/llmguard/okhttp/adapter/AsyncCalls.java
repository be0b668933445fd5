package dev.llmguard.okhttp.adapter;

import dev.llmguard.core.loop.AsyncRetryLoop;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Request;
import okhttp3.Response;

/**
 * {@code Call.enqueue} on the core's asynchronous loop. The application's call is never sent
 * itself: each attempt is a clone of it, enqueued on OkHttp's dispatcher like any call, and the
 * application's callback hears once, with its own call, about the final response or failure.
 */
final class AsyncCalls {
    /**
     * Clones in flight as attempts of a guarded call, and the request each sends: OkHttp sends them,
     * the guard interceptor lets them through with that request (the application's, or its rewrite
     * for a fallback model).
     */
    private static final Map<Call, Request> ATTEMPTS = new ConcurrentHashMap<Call, Request>();
    /** The application's guarded calls and their latest attempt, so that cancelling the call cancels it. */
    private static final Map<Call, OkHttpAsyncExchange.Attempt> GUARDED =
            Collections.synchronizedMap(new WeakHashMap<Call, OkHttpAsyncExchange.Attempt>());

    private AsyncCalls() {
    }

    static boolean isAttempt(Call call) {
        return !ATTEMPTS.isEmpty() && ATTEMPTS.containsKey(call);
    }

    /** The request an attempt sends, or null when {@code call} is not an attempt. */
    static Request attemptRequest(Call call) {
        return ATTEMPTS.isEmpty() ? null : ATTEMPTS.get(call);
    }

    static void attemptStarted(Call attempt, Request sends) {
        ATTEMPTS.put(attempt, sends);
    }

    static void attemptEnded(Call attempt) {
        ATTEMPTS.remove(attempt);
    }

    /** False when the call is out of scope: OkHttp enqueues it as always. */
    static boolean start(AsyncRetryLoop loop, final Call call, final Callback callback) {
        OkHttpAsyncExchange.Attempt attempt = new OkHttpAsyncExchange.Attempt();
        if (GUARDED.containsKey(call)) {
            // OkHttp would throw "Already Executed" from enqueue; advice cannot throw, so the callback hears it
            callback.onFailure(call, new IOException("Already Executed"));
            return true;
        }
        CompletableFuture<Response> result = loop.start(new OkHttpAsyncExchange(call, attempt));
        if (result == null) {
            return false;
        }
        GUARDED.put(call, attempt);
        result.whenComplete((response, failure) -> deliver(call, callback, response, failure));
        return true;
    }

    static void canceled(Call call) {
        OkHttpAsyncExchange.Attempt attempt = GUARDED.get(call);
        if (attempt != null) {
            attempt.cancel();
        }
    }

    private static void deliver(Call call, Callback callback, Response response, Throwable failure) {
        try {
            if (failure == null) {
                callback.onResponse(call, response);
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            callback.onFailure(call, cause instanceof IOException ? (IOException) cause
                    : new IOException("llm-guard could not complete the call", cause));
        } catch (Throwable t) {
            // as when a callback throws on OkHttp's dispatcher: the thread's handler reports it
            Thread thread = Thread.currentThread();
            thread.getUncaughtExceptionHandler().uncaughtException(thread, t);
        }
    }
}
