package dev.llmguard.okhttp.adapter;

import dev.llmguard.core.exchange.BlockingExchange;
import dev.llmguard.core.exchange.CallControl;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * One OkHttp call as the core's retry loop sees it, from inside the guard's application
 * interceptor: each attempt is {@code chain.proceed}, which application interceptors may call
 * more than once.
 */
final class OkHttpExchange extends OkHttpCall implements BlockingExchange<Response> {
    private final Interceptor.Chain chain;
    private CallControl control;

    OkHttpExchange(Interceptor.Chain chain) {
        super(chain.request());
        this.chain = chain;
    }

    @Override
    public CallControl control() {
        if (control == null) {
            control = new OkHttpCallControl(chain.call());
        }
        return control;
    }

    @Override
    public void limitNetworkSends(int allowed) {
        sends.startAttempt(allowed);
        NetworkSends.track(chain.call(), sends);
    }

    @Override
    public Response send() throws IOException {
        return marked(chain.proceed(OkHttpMessages.sent(request)));
    }

    /** The call is over: its budget is dropped. */
    void close() {
        NetworkSends.untrack(chain.call());
    }
}
