package dev.llmguard.okhttp.adapter;

import dev.llmguard.core.exchange.Exchange;
import dev.llmguard.core.exchange.LocalResponse;
import dev.llmguard.core.fallback.RequestRewrite;
import dev.llmguard.core.http.RequestInfo;
import dev.llmguard.core.http.ResponseInfo;
import java.io.IOException;
import okhttp3.Request;
import okhttp3.Response;

/** What the blocking and the enqueued OkHttp exchange share: how a request and its responses look to the core. */
abstract class OkHttpCall implements Exchange<Response> {
    /** What each attempt sends: the application's request, or its rewrite for a fallback model. */
    volatile Request request;
    /** The fallback model the call went on with, for the responses' x-llm-guard-model; null while on its own. */
    private volatile String fallbackModel;
    final NetworkSends.Budget sends = new NetworkSends.Budget();

    OkHttpCall(Request request) {
        this.request = request;
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
    public ResponseInfo view(Response response, int maxJsonBodyBytes) {
        return OkHttpMessages.response(response, maxJsonBodyBytes);
    }

    @Override
    public void discard(Response response) {
        response.close();
    }

    @Override
    public Response answerLocally(LocalResponse local) {
        return marked(OkHttpMessages.localResponse(request, local));
    }

    @Override
    public boolean canRetarget() {
        return true;
    }

    @Override
    public void retarget(String path, byte[] body, String model) {
        request = OkHttpMessages.retargeted(request, path, body);
        fallbackModel = model;
    }

    /**
     * The response as the application gets it: marked with the model that served it after a
     * fallback, and a streamed success's body read through a tap for the usage its events report.
     */
    Response marked(Response response) {
        String model = fallbackModel;
        Response r = model == null ? response : response.newBuilder().header(RequestRewrite.MODEL_HEADER, model).build();
        return StreamUsageBody.tapped(r);
    }

    @Override
    public int networkSendsOfLastAttempt() {
        return sends.sendsOfLastAttempt();
    }
}
