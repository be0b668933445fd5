package dev.llmguard.okhttp.adapter;

import dev.llmguard.core.guard.PriorityRules;
import dev.llmguard.core.exchange.LocalResponse;
import dev.llmguard.core.http.Headers;
import dev.llmguard.core.http.RequestInfo;
import dev.llmguard.core.body.ContentTypes;
import dev.llmguard.core.body.UsageTap;
import dev.llmguard.core.http.ResponseInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

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

    static ResponseInfo response(Response response, int maxJsonBodyBytes) {
        byte[] errorBody = null;
        byte[] jsonBody = null;
        UsageTap tap = StreamUsageBody.tapJsonUpTo(response, maxJsonBodyBytes);
        if (response.code() >= 400) {
            errorBody = peek(response, ERROR_BODY_PEEK_BYTES);
        } else if (tap == null && response.code() < 300 && isJsonOfKnownLength(response)) {
            jsonBody = peek(response, maxJsonBodyBytes); // for its token usage; streams are never touched
        }
        return new ResponseInfo(response.code(), headers(response.headers()), errorBody, jsonBody,
                tap != null ? tap : StreamUsageBody.tapOf(response));
    }

    /**
     * A complete JSON document, read ahead for its usage: one of unknown length (chunked, or a JSON
     * array streamed chunk by chunk) is read through a tap instead ({@link StreamUsageBody}), so it is
     * never held back.
     */
    private static boolean isJsonOfKnownLength(Response response) {
        return ContentTypes.isJson(response.header("Content-Type")) && response.body() != null && response.body().contentLength() >= 0;
    }

    /**
     * A copy of the body's first {@code max} bytes, which stay buffered for the application. Copied
     * out byte for byte rather than through {@code peekBody}: peeking shares the buffered segments,
     * and a shared segment is never returned to Okio's pool, so every later request body would take
     * a fresh 8 KB segment.
     */
    private static byte[] peek(Response response, long max) {
        if (response.body() == null || max <= 0) {
            return null;
        }
        try {
            BufferedSource source = response.body().source();
            source.request(max);
            Buffer buffered = source.getBuffer();
            long n = Math.min(buffered.size(), max);
            ByteArrayOutputStream copy = new ByteArrayOutputStream((int) n);
            buffered.copyTo(copy, 0, n);
            return copy.toByteArray();
        } catch (IOException | RuntimeException e) {
            return null; // unreadable body: decide on status and headers alone
        }
    }

    /** {@code request} sent to another encoded path, with another body when {@code body} is not null (a model fallback). */
    static Request retargeted(Request request, String path, byte[] body) {
        Request.Builder b = request.newBuilder().url(request.url().newBuilder().encodedPath(path).build());
        if (body != null) {
            RequestBody old = request.body();
            b.method(request.method(), RequestBody.create(old == null ? null : old.contentType(), body));
        }
        return b.build();
    }

    /** {@code request} as it is sent: without the guard's own x-llm-guard-priority, which is for the guard alone. */
    static Request sent(Request request) {
        return request.header(PriorityRules.HEADER) == null ? request : request.newBuilder().removeHeader(PriorityRules.HEADER).build();
    }

    /** The core's local answer as an OkHttp response to {@code request}. */
    static Response localResponse(Request request, LocalResponse local) {
        long now = System.currentTimeMillis();
        Response.Builder b = new Response.Builder()
                .request(request)
                .protocol(Protocol.HTTP_1_1)
                .code(local.status())
                .message(local.reason())
                .body(ResponseBody.create(MediaType.parse(local.contentType()), local.body()))
                .sentRequestAtMillis(now)
                .receivedResponseAtMillis(now);
        Headers headers = local.headers();
        for (int i = 0; i < headers.size(); i++) {
            b.addHeader(headers.name(i), headers.value(i));
        }
        return b.build();
    }

    static Headers headers(okhttp3.Headers headers) {
        Headers.Builder b = Headers.builder();
        for (int i = 0, n = headers.size(); i < n; i++) {
            b.add(headers.name(i), headers.value(i));
        }
        return b.build();
    }
}
