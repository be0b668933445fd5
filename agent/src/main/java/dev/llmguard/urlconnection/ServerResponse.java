package dev.llmguard.urlconnection;

import dev.llmguard.core.body.HeldBody;
import dev.llmguard.core.body.ContentTypes;
import dev.llmguard.core.body.TappedInputStream;
import dev.llmguard.core.body.UsageTap;
import dev.llmguard.core.http.Headers;
import dev.llmguard.core.http.ResponseInfo;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;

/**
 * One attempt's response: the attempt's connection, with the body the guard read ahead (an error
 * body, or a plain JSON success body for its token usage) held so that the application reads the
 * same bytes. Every call on the attempt's connection runs inside the guard's hook, so it is never
 * taken over itself.
 */
final class ServerResponse implements FinalResponse {
    private final HttpURLConnection attempt;
    private final int status;
    private HeldBody held;
    private InputStream heldStream;
    /** A streamed success's body, or a chunked JSON one, is read through it for the usage it reports; else null. */
    private UsageTap tap;
    private InputStream tappedStream;

    ServerResponse(HttpURLConnection attempt, int status) {
        this.attempt = attempt;
        this.status = status;
    }

    int status() {
        return status;
    }

    /** Status, headers and the bounded body the classifier reads. */
    ResponseInfo view(int maxJsonBodyBytes) {
        Headers.Builder headers = Headers.builder();
        for (int i = 1; attempt.getHeaderField(i) != null; i++) { // field 0 is the status line
            String name = attempt.getHeaderFieldKey(i);
            if (name != null) {
                headers.add(name, attempt.getHeaderField(i));
            }
        }
        byte[] errorBody = null;
        byte[] jsonBody = null;
        if (status >= 400) {
            InputStream error = attempt.getErrorStream();
            if (error != null) {
                held = HeldBody.read(unclosed(error), maxJsonBodyBytes);
                errorBody = held.prefix(HeldBody.ERROR_BODY_PEEK_BYTES);
            }
        } else if (status >= 200 && status < 300 && isPlainJson(maxJsonBodyBytes)) {
            try {
                held = HeldBody.read(unclosed(attempt.getInputStream()), maxJsonBodyBytes);
                jsonBody = held.complete() ? held.bytes() : null;
            } catch (IOException e) {
                held = null; // the application's own read fails the same way
            }
        } else if (tap == null) {
            // JSON of known length is held for its usage above; chunked JSON is read as it passes, never ahead
            tap = UsageTap.forSuccess(status, attempt.getContentType(), attempt.getContentLengthLong() >= 0, maxJsonBodyBytes);
        }
        return new ResponseInfo(status, headers.build(), errorBody, jsonBody, tap);
    }

    /**
     * The stream as the guard reads it ahead: not closed at its end, since closing a connection's
     * stream ends its TLS session for the getters the application may still call (the end of the
     * body has already given a kept-alive connection back).
     */
    private static InputStream unclosed(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public void close() {
                // the application's close, or discard(), closes the real stream
            }
        };
    }

    /** JSON with a length: a complete document, not a stream (SSE and chunked streams have no length). */
    private boolean isPlainJson(int max) {
        long length = attempt.getContentLengthLong();
        return ContentTypes.isJson(attempt.getContentType()) && length >= 0 && length <= max;
    }

    /** Reads what is left of the body and closes it, so that the kept-alive connection is used again. */
    void discard() {
        try {
            if (held != null) {
                drain(held.content());
            }
            InputStream in = status >= 400 ? attempt.getErrorStream() : attempt.getInputStream();
            if (in != null) {
                drain(in);
            }
        } catch (IOException | RuntimeException e) {
            attempt.disconnect(); // could not be drained: its connection is not used again
        }
    }

    private static void drain(InputStream in) throws IOException {
        try {
            byte[] buf = new byte[8192];
            while (in.read(buf) >= 0) {
                // the body is not the application's: read to its end
            }
        } finally {
            in.close();
        }
    }

    /** The held body as one stream (the same each time, as the connection's own stream is). */
    private synchronized InputStream held() {
        if (heldStream == null) {
            heldStream = held.content();
        }
        return heldStream;
    }

    /** The connection's stream read through the tap (the same each time, as the connection's own stream is). */
    private synchronized InputStream tapped() throws IOException {
        if (tappedStream == null) {
            tappedStream = new TappedInputStream(attempt.getInputStream(), tap);
        }
        return tappedStream;
    }

    @Override
    public InputStream inputStream() throws IOException {
        if (held != null && status < 400) {
            return held();
        }
        if (tap != null) {
            return tapped();
        }
        return attempt.getInputStream(); // a 4xx/5xx throws here what it would have thrown
    }

    @Override
    public InputStream errorStream() {
        if (held != null && status >= 400) {
            return held();
        }
        return attempt.getErrorStream();
    }

    @Override
    public String headerField(String name) {
        return attempt.getHeaderField(name);
    }

    @Override
    public String headerField(int n) {
        return attempt.getHeaderField(n);
    }

    @Override
    public String headerFieldKey(int n) {
        return attempt.getHeaderFieldKey(n);
    }

    @Override
    public Map<String, List<String>> headerFields() {
        return attempt.getHeaderFields();
    }

    @Override
    public void disconnect() {
        attempt.disconnect();
    }

    @Override
    public HttpsURLConnection tls() {
        return attempt instanceof HttpsURLConnection ? (HttpsURLConnection) attempt : null;
    }
}
