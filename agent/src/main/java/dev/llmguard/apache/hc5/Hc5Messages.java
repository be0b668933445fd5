package dev.llmguard.apache.hc5;

import dev.llmguard.core.body.ContentTypes;
import dev.llmguard.core.body.HeldBody;
import dev.llmguard.core.body.UsageTap;
import dev.llmguard.apache.RequestBodyCopy;
import dev.llmguard.core.exchange.LocalResponse;
import dev.llmguard.core.http.Headers;
import dev.llmguard.core.http.RequestInfo;
import dev.llmguard.core.http.ResponseInfo;
import java.io.IOException;
import java.lang.reflect.Method;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.apache.hc.core5.net.URIAuthority;

/**
 * Translates HttpClient 5's request and response into the core's value types, and the core's local
 * answer back. The request head and headers parts are shared with the async adapter ({@code hc5.async}).
 */
public final class Hc5Messages {
    private Hc5Messages() {
    }

    public static String host(HttpHost target, HttpRequest request) {
        if (target != null) {
            return target.getHostName();
        }
        URIAuthority authority = request.getAuthority();
        return authority == null ? "" : authority.getHostName();
    }

    /** The encoded path, without the query ({@code getPath()} holds both). */
    public static String path(HttpRequest request) {
        String path = request.getPath();
        if (path == null || path.isEmpty()) {
            return "/";
        }
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    private static String query(HttpRequest request) {
        String path = request.getPath();
        int q = path == null ? -1 : path.indexOf('?');
        return q < 0 ? null : path.substring(q + 1);
    }

    /** Method, URL and headers; the body is the caller's to add. */
    public static RequestInfo.Builder requestHead(HttpHost target, HttpRequest request) {
        URIAuthority authority = request.getAuthority();
        String scheme = target != null ? target.getSchemeName() : request.getScheme();
        return RequestInfo.builder()
                .method(request.getMethod())
                .scheme(scheme == null ? "http" : scheme)
                .host(host(target, request))
                .port(target != null ? target.getPort() : authority != null ? authority.getPort() : -1)
                .path(path(request))
                .query(query(request))
                .headers(headers(request.getHeaders()));
    }

    static RequestInfo request(HttpHost target, ClassicHttpRequest request, int maxBodyCaptureBytes) {
        RequestInfo.Builder b = requestHead(target, request);
        final HttpEntity entity = request.getEntity();
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
    static ResponseInfo response(ClassicHttpResponse response, int maxHeldBytes) {
        int status = response.getCode();
        Headers headers = headers(response.getHeaders());
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
    private static UsageTap usageTap(ClassicHttpResponse response, HttpEntity entity, int status, int maxHeldBytes) {
        if (entity instanceof Hc5StreamUsageEntity) {
            return ((Hc5StreamUsageEntity) entity).tap();
        }
        if (entity == null) {
            return null;
        }
        // JSON of known length is held for its usage above
        UsageTap tap = UsageTap.forSuccess(status, entity.getContentType(), entity.getContentLength() >= 0, maxHeldBytes);
        if (tap != null) {
            response.setEntity(new Hc5StreamUsageEntity(entity, tap));
        }
        return tap;
    }

    /** JSON with a length: a complete document, not a stream (SSE and chunked streams have no length). */
    public static boolean isPlainJson(EntityDetails entity, int maxHeldBytes) {
        String type = entity.getContentType();
        long length = entity.getContentLength();
        return ContentTypes.isJson(type) && length >= 0 && length <= maxHeldBytes;
    }

    private static HeldBody hold(ClassicHttpResponse response, HttpEntity entity, int max) {
        if (entity instanceof Hc5HeldEntity) {
            return ((Hc5HeldEntity) entity).held();
        }
        HeldBody held;
        try {
            held = HeldBody.read(entity.getContent(), max);
        } catch (IOException | RuntimeException e) {
            return null; // no body to read: decide on status and headers alone
        }
        response.setEntity(new Hc5HeldEntity(entity, held));
        return held;
    }

    /** Drains what is left of the body, so that the connection goes back to the pool, then closes the response. */
    static void discard(ClassicHttpResponse response) {
        try {
            EntityUtils.consume(response.getEntity());
        } catch (IOException | RuntimeException ignored) {
            // closing below gives the connection up instead
        }
        try {
            response.close();
        } catch (IOException ignored) {
            // nothing the application would see
        }
    }

    /** The core's local answer as the response {@code doExecute} returns. */
    static CloseableHttpResponse localResponse(LocalResponse local) {
        BasicClassicHttpResponse r = new BasicClassicHttpResponse(local.status(), local.reason());
        Headers headers = local.headers();
        for (int i = 0; i < headers.size(); i++) {
            r.addHeader(headers.name(i), headers.value(i));
        }
        r.setEntity(new ByteArrayEntity(local.body(), contentType(local.contentType())));
        return adapt(r);
    }

    /** The local answer's content type (JSON when it names none or cannot be parsed). */
    public static ContentType contentType(String value) {
        try {
            return value == null ? ContentType.APPLICATION_JSON : ContentType.parse(value);
        } catch (RuntimeException e) {
            return ContentType.APPLICATION_JSON;
        }
    }

    /**
     * {@code CloseableHttpResponse} is final and its factory {@code adapt} package-private before
     * 5.3 (public since): called reflectively, it wraps a response with no connection behind it.
     */
    private static CloseableHttpResponse adapt(ClassicHttpResponse response) {
        try {
            Method adapt = CloseableHttpResponse.class.getDeclaredMethod("adapt", ClassicHttpResponse.class);
            adapt.setAccessible(true);
            return (CloseableHttpResponse) adapt.invoke(null, response);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build an Apache HttpClient 5 response", e);
        }
    }

    public static Headers headers(Header[] headers) {
        Headers.Builder b = Headers.builder();
        for (Header h : headers) {
            b.add(h.getName(), h.getValue());
        }
        return b.build();
    }
}
