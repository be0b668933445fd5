package dev.llmguard.okhttp.adapter;

import dev.llmguard.okhttp.SendCounterMarker;
import java.io.IOException;
import java.net.ProtocolException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * The last network interceptor of every guarded client: it sees each request OkHttp actually
 * transmits, its own silent re-sends included (a pooled connection found dead, a 408 or a
 * {@code Retry-After: 0} 503 it follows up, a redirect). Those re-sends stay, since they are cheap
 * and usually succeed at once, but each counts against the guarded call's max-attempts; a re-send
 * of the same request that would go past the bound is refused before it reaches the network, so
 * the server never receives more than {@code llmguard.retry.max-attempts} requests per call. (A
 * redirect goes elsewhere: it is counted, never refused.)
 */
final class NetworkSends implements Interceptor, SendCounterMarker {
    /** One guarded attempt's budget, by the OkHttp call that sends it (the application's call, or an enqueued attempt's clone). */
    static final class Budget {
        volatile int allowed = Integer.MAX_VALUE;
        volatile int sent;
        volatile IOException lastFailure;
        volatile HttpUrl lastUrl;

        /** A new attempt that may be sent {@code allowed} times. */
        void startAttempt(int allowedSends) {
            allowed = allowedSends;
            sent = 0;
            lastFailure = null;
            lastUrl = null;
        }

        /** 0 means it failed before reaching the network, or the counter is not in this client: counted as 1. */
        int sendsOfLastAttempt() {
            return Math.max(1, sent);
        }
    }

    private static final Map<Call, Budget> BUDGETS = new ConcurrentHashMap<Call, Budget>();

    static void track(Call call, Budget budget) {
        BUDGETS.put(call, budget);
    }

    static void untrack(Call call) {
        BUDGETS.remove(call);
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Budget budget = BUDGETS.isEmpty() ? null : BUDGETS.get(chain.call());
        if (budget == null) {
            return chain.proceed(chain.request()); // not a guarded call
        }
        HttpUrl url = chain.request().url();
        if (budget.sent >= budget.allowed && url.equals(budget.lastUrl)) {
            // OkHttp would re-send on its own; a plain ProtocolException is one it does not recover from
            ProtocolException refused = new ProtocolException("llm-guard: OkHttp would send the request again on its own,"
                    + " beyond llmguard.retry.max-attempts; the request was not sent again");
            if (budget.lastFailure != null) {
                refused.initCause(budget.lastFailure);
            }
            throw refused;
        }
        budget.sent++;
        budget.lastUrl = url;
        try {
            return chain.proceed(chain.request());
        } catch (IOException e) {
            budget.lastFailure = e;
            throw e;
        }
    }
}
