package dev.llmguard.apache.hc4;

import dev.llmguard.core.body.ContentTypes;
import dev.llmguard.core.body.HeldBody;
import dev.llmguard.core.body.UsageTap;
import dev.llmguard.apache.RequestBodyCopy;
import dev.llmguard.core.http.Headers;
import dev.llmguard.core.http.RequestInfo;
import dev.llmguard.core.http.ResponseInfo;
import java.io.IOException;
import java.net.URI;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpEntityEnclosingRequest;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.HttpResponse;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpUriRequest;
import org.apache.http.util.EntityUtils;

/** Translates HttpClient 4's request and response into the core's value types. */
final class Hc4Messages {
    private Hc4Messages() {
    }

    /** The request's URI: absolute or not, as the application gave it; null when it does not parse. */
    private static URI uri(HttpRequest request) {
        if (request instanceof HttpUriRequest) {
            return ((HttpUriRequest) request).getURI();
        }
        try {
            return URI.create(request.getRequestLine().getUri());
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String host(HttpHost target, HttpRequest request) {
        if (target != null) {
            return target.getHostName();
        }
        URI uri = uri(request);
        return uri == null || uri.getHost() == null ? "" : uri.getHost();
    }

    static String path(HttpRequest request) {
        URI uri = uri(request);
        String path = uri == null ? null : uri.getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    static RequestInfo request(HttpHost target, HttpRequest request, int maxBodyCaptureBytes) {
        URI uri = uri(request);
        String scheme = target != null ? target.getSchemeName() : uri != null ? uri.getScheme() : null;
        RequestInfo.Builder b = RequestInfo.builder()
                .method(request.getRequestLine().getMethod())
                .scheme(scheme == null ? "http" : scheme)
                .host(host(target, request))
                .port(target != null ? target.getPort() : uri != null ? uri.getPort() : -1)
                .path(path(request))
                .query(uri == null ? null : uri.getRawQuery())
                .headers(headers(request.getAllHeaders()));
        final HttpEntity entity = request instanceof HttpEntityEnclosingRequest ? ((HttpEntityEnclosingRequest) request).getEntity() : null;
        if (entity == null) {
            return b.bodyLength(0).build();
        }
        // a streamed entity (InputStreamEntity, ...) is one-shot: never read here, never sent again
        boolean replayable = entity.isRepeatable();
        long length = entity.getContentLength();
        b.bodyReplayable(replayable).bodyLength(length);
        if (replayable) {
            b.body(RequestBodyCopy.of(length, maxBodyCaptureBytes, entity::writeTo));
        }
        return b.build();
    }

    /**
     * Status and headers; an error response's body is held (up to {@code maxHeldBytes}) so that
     * the classifier can read it and the application still gets every byte; a plain JSON success
     * of known length is held the same way for its token usage. Streams are never read ahead.
     */
    static ResponseInfo response(HttpResponse response, int maxHeldBytes) {
        int status = response.getStatusLine().getStatusCode();
        Headers headers = headers(response.getAllHeaders());
        HttpEntity entity = response.getEntity();
        byte[] errorBody = null;
        byte[] jsonBody = null;
        if (entity != null && status >= 400) {
            HeldBody held = hold(response, entity, maxHeldBytes);
            errorBody = held == null ? null : held.prefix(HeldBody.ERROR_BODY_PEEK_BYTES);
        } else if (entity != null && status >= 200 && status < 300 && isPlainJson(entity, maxHeldBytes)) {
            HeldBody held = hold(response, entity, maxHeldBytes);
            jsonBody = held == null || !held.complete() ? null : held.bytes();
        }
        return new ResponseInfo(status, headers, errorBody, jsonBody, usageTap(response, entity, status, maxHeldBytes));
    }

    /**
     * A streamed success's entity, or a JSON success's of unknown length (chunked), is read through a
     * tap from now on, for the usage it reports; null for any other.
     */
    private static UsageTap usageTap(HttpResponse response, HttpEntity entity, int status, int maxHeldBytes) {
        if (entity instanceof Hc4StreamUsageEntity) {
            return ((Hc4StreamUsageEntity) entity).tap();
        }
        if (entity == null) {
            return null;
        }
        // JSON of known length is held for its usage above
        UsageTap tap = UsageTap.forSuccess(status, entity.getContentType() == null ? null : entity.getContentType().getValue(), entity.getContentLength() >= 0, maxHeldBytes);
        if (tap != null) {
            response.setEntity(new Hc4StreamUsageEntity(entity, tap));
        }
        return tap;
    }

    /** JSON with a length: a complete document, not a stream (SSE and chunked streams have no length). */
    private static boolean isPlainJson(HttpEntity entity, int maxHeldBytes) {
        Header type = entity.getContentType();
        long length = entity.getContentLength();
        return type != null && ContentTypes.isJson(type.getValue()) && length >= 0 && length <= maxHeldBytes;
    }

    private static HeldBody hold(HttpResponse response, HttpEntity entity, int max) {
        if (entity instanceof Hc4HeldEntity) {
            return ((Hc4HeldEntity) entity).held();
        }
        HeldBody held;
        try {
            held = HeldBody.read(entity.getContent(), max);
        } catch (IOException | RuntimeException e) {
            return null; // no body to read: decide on status and headers alone
        }
        response.setEntity(new Hc4HeldEntity(entity, held));
        return held;
    }

    /** Drains what is left of the body, so that the connection goes back to the pool, then closes the response. */
    static void discard(CloseableHttpResponse response) {
        EntityUtils.consumeQuietly(response.getEntity());
        try {
            response.close();
        } catch (IOException ignored) {
            // nothing the application would see
        }
    }

    static Headers headers(Header[] headers) {
        Headers.Builder b = Headers.builder();
        for (Header h : headers) {
            b.add(h.getName(), h.getValue());
        }
        return b.build();
    }
}
