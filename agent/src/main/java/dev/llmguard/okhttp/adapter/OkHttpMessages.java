package dev.llmguard.okhttp.adapter;

import dev.llmguard.core.http.Headers;
import dev.llmguard.core.http.RequestInfo;
import dev.llmguard.core.http.ResponseInfo;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;

/** Translates OkHttp's request and response into the core's value types. */
final class OkHttpMessages {
    /** Enough for any provider's JSON error body; never read for 2xx, so streams are untouched. */
    static final long ERROR_BODY_PEEK_BYTES = 32 * 1024;

    private OkHttpMessages() {
    }

    static RequestInfo request(Request request, int maxBodyCaptureBytes) throws IOException {
        HttpUrl url = request.url();
        RequestInfo.Builder b = RequestInfo.builder()
                .method(request.method())
                .scheme(url.scheme())
                .host(url.host())
                .port(url.port())
                .path(url.encodedPath())
                .query(url.encodedQuery())
                .headers(headers(request.headers()));
        RequestBody body = request.body();
        if (body == null) {
            return b.bodyLength(0).build();
        }
        boolean replayable = !body.isOneShot() && !body.isDuplex();
        long length = body.contentLength();
        b.bodyReplayable(replayable).bodyLength(length);
        if (replayable && length >= 0 && length <= maxBodyCaptureBytes) {
            Buffer copy = new Buffer();
            body.writeTo(copy);
            b.body(copy.readByteArray());
        }
        return b.build();
    }

    static ResponseInfo response(Response response) {
        byte[] errorBody = null;
        if (response.code() >= 400 && response.body() != null) {
            try {
                errorBody = response.peekBody(ERROR_BODY_PEEK_BYTES).bytes();
            } catch (IOException | RuntimeException e) {
                errorBody = null; // unreadable body: decide on status and headers alone
            }
        }
        return new ResponseInfo(response.code(), headers(response.headers()), errorBody);
    }

    static Headers headers(okhttp3.Headers headers) {
        Headers.Builder b = Headers.builder();
        for (int i = 0, n = headers.size(); i < n; i++) {
            b.add(headers.name(i), headers.value(i));
        }
        return b.build();
    }
}
