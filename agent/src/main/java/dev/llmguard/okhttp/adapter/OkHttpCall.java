package dev.llmguard.okhttp.adapter;

import dev.llmguard.core.exchange.Exchange;
import dev.llmguard.core.exchange.LocalResponse;
import dev.llmguard.core.http.RequestInfo;
import dev.llmguard.core.http.ResponseInfo;
import java.io.IOException;
import okhttp3.Request;
import okhttp3.Response;

/** What the blocking and the enqueued OkHttp exchange share: how a request and its responses look to the core. */
abstract class OkHttpCall implements Exchange<Response> {
    final Request request;
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
        return OkHttpMessages.localResponse(request, local);
    }

    @Override
    public int networkSendsOfLastAttempt() {
        return sends.sendsOfLastAttempt();
    }
}
