package dev.llmguard.okhttp.adapter;

import dev.llmguard.core.exchange.AsyncExchange;
import dev.llmguard.core.exchange.CallControl;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Response;

/** One enqueued OkHttp call as the core's asynchronous loop sees it: each attempt is a clone of it. */
final class OkHttpAsyncExchange extends OkHttpCall implements AsyncExchange<Response> {
    /** The attempt in flight; holds no reference to the application's call (see {@link AsyncCalls}). */
    static final class Attempt {
        private volatile Call current;
        private volatile boolean canceled;

        void cancel() {
            canceled = true;
            Call c = current;
            if (c != null) {
                c.cancel();
            }
        }
    }

    private final Call call;
    private final Attempt attempt;
    private final OkHttpCallControl control;

    OkHttpAsyncExchange(Call call, Attempt attempt) {
        super(call.request());
        this.call = call;
        this.attempt = attempt;
        this.control = new OkHttpCallControl(call);
    }

    @Override
    public CallControl control() {
        return control;
    }

    @Override
    public void send(final AttemptCallback<Response> callback) {
        Call next = call.clone();
        long left = control.remainingMillis();
        if (left != Long.MAX_VALUE) {
            // every attempt shares what is left of the application's call timeout
            next.timeout().deadline(Math.max(1, left), TimeUnit.MILLISECONDS);
        }
        attempt.current = next;
        AsyncCalls.attemptStarted(next, OkHttpMessages.sent(request));
        NetworkSends.track(next, sends);
        if (attempt.canceled) {
            next.cancel();
        }
        next.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                AsyncCalls.attemptEnded(c);
                NetworkSends.untrack(c);
                callback.onFailure(e);
            }

            @Override
            public void onResponse(Call c, Response response) {
                AsyncCalls.attemptEnded(c);
                NetworkSends.untrack(c);
                callback.onResponse(marked(response));
            }
        });
    }

    @Override
    public void limitNetworkSends(int allowed) {
        sends.startAttempt(allowed);
    }

    @Override
    public void cancelAttempt() {
        attempt.cancel();
    }
}
