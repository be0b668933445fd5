package dev.llmguard.okhttp.adapter;

import dev.llmguard.core.exchange.AsyncExchange;
import dev.llmguard.core.exchange.CallControl;
import dev.llmguard.core.exchange.LocalResponse;
import dev.llmguard.core.http.RequestInfo;
import dev.llmguard.core.http.ResponseInfo;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Request;
import okhttp3.Response;

/** One enqueued OkHttp call as the core's asynchronous loop sees it: each attempt is a clone of it. */
final class OkHttpAsyncExchange implements AsyncExchange<Response> {
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
    private final Request request;
    private final Attempt attempt;
    private final OkHttpCallControl control;
    private final NetworkSends.Budget sends = new NetworkSends.Budget();

    OkHttpAsyncExchange(Call call, Attempt attempt) {
        this.call = call;
        this.request = call.request();
        this.attempt = attempt;
        this.control = new OkHttpCallControl(call);
    }

    @Override
    public String host() {
        return request.url().host();
    }

    @Override
    public String path() {
        return request.url().encodedPath();
    }

    @Override
    public String header(String name) {
        return request.header(name);
    }

    @Override
    public RequestInfo request(int maxBodyCaptureBytes) throws IOException {
        return OkHttpMessages.request(request, maxBodyCaptureBytes);
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
        AsyncCalls.attemptStarted(next);
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
                callback.onResponse(response);
            }
        });
    }

    @Override
    public void limitNetworkSends(int allowed) {
        sends.startAttempt(allowed);
    }

    @Override
    public int networkSendsOfLastAttempt() {
        return sends.sendsOfLastAttempt();
    }

    @Override
    public void cancelAttempt() {
        attempt.cancel();
    }

    @Override
    public ResponseInfo view(Response response, int maxJsonBodyBytes) {
        return OkHttpMessages.response(response, maxJsonBodyBytes);
    }

    @Override
    public void discard(Response response) {
        response.close();
    }

    @Override
    public Response answerLocally(LocalResponse local) {
        return OkHttpMessages.localResponse(request, local);
    }
}
