package dev.llmguard.okhttp.adapter;

import dev.llmguard.core.exchange.BlockingExchange;
import dev.llmguard.core.exchange.CallControl;
import dev.llmguard.core.exchange.LocalResponse;
import dev.llmguard.core.http.RequestInfo;
import dev.llmguard.core.http.ResponseInfo;
import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One OkHttp call as the core's retry loop sees it, from inside the guard's application
 * interceptor: each attempt is {@code chain.proceed}, which application interceptors may call
 * more than once.
 */
final class OkHttpExchange implements BlockingExchange<Response> {
    private final Interceptor.Chain chain;
    private final Request request;
    private CallControl control;
    private final NetworkSends.Budget sends = new NetworkSends.Budget();

    OkHttpExchange(Interceptor.Chain chain) {
        this.chain = chain;
        this.request = chain.request();
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
        return chain.proceed(request);
    }

    @Override
    public int networkSendsOfLastAttempt() {
        return sends.sendsOfLastAttempt();
    }

    /** The call is over: its budget is dropped. */
    void close() {
        NetworkSends.untrack(chain.call());
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
