package dev.llmguard.okhttp.adapter;

import dev.llmguard.core.body.ContentTypes;
import dev.llmguard.core.body.JsonUsageTap;
import dev.llmguard.core.body.StreamUsageTap;
import dev.llmguard.core.body.UsageTap;
import java.io.IOException;
import java.io.OutputStream;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

/**
 * A success body handed to the application as it is, whose bytes also pass through a
 * {@link UsageTap} as they are read: nothing is buffered beyond what the application asked for.
 * The body's end (read to its end, or closed) ends the tap. An event stream is tapped for the
 * usage its events report; a JSON body of unknown length (chunked, or a JSON array streamed chunk
 * by chunk) for the usage in its bounded copy, its bound set when the guard looks at the response
 * ({@link #tapJsonUpTo}), before the application reads a byte.
 */
final class StreamUsageBody extends ResponseBody {
    private final ResponseBody body;
    /** Null until a JSON body's bound is known. */
    private volatile UsageTap tap;
    private BufferedSource source;

    private StreamUsageBody(ResponseBody body, UsageTap tap) {
        this.body = body;
        this.tap = tap;
    }

    /** The response with its body tapped when it is a streamed success or JSON of unknown length; else the response itself. */
    static Response tapped(Response response) {
        ResponseBody body = response.body();
        if (body == null || body instanceof StreamUsageBody || response.code() / 100 != 2) {
            return response;
        }
        String type = response.header("Content-Type");
        StreamUsageTap stream = StreamUsageTap.forResponse(response.code(), type);
        if (stream != null) {
            return response.newBuilder().body(new StreamUsageBody(body, stream)).build();
        }
        if (ContentTypes.isJson(type) && body.contentLength() < 0) {
            return response.newBuilder().body(new StreamUsageBody(body, null)).build();
        }
        return response;
    }

    /** The tap of a tapped response's body, else null. */
    static UsageTap tapOf(Response response) {
        ResponseBody body = response.body();
        return body instanceof StreamUsageBody ? ((StreamUsageBody) body).tap : null;
    }

    /** A tapped JSON body's tap, copying at most {@code maxBytes}; null for any other response. */
    static UsageTap tapJsonUpTo(Response response, int maxBytes) {
        ResponseBody body = response.body();
        if (!(body instanceof StreamUsageBody)) {
            return null;
        }
        StreamUsageBody tapped = (StreamUsageBody) body;
        synchronized (tapped) {
            if (tapped.tap == null) {
                tapped.tap = new JsonUsageTap(maxBytes);
            }
            return tapped.tap;
        }
    }

    @Override
    public MediaType contentType() {
        return body.contentType();
    }

    @Override
    public long contentLength() {
        return body.contentLength();
    }

    @Override
    public synchronized BufferedSource source() {
        if (source == null) {
            source = Okio.buffer(new Tapped(body.source()));
        }
        return source;
    }

    @Override
    public void close() {
        try {
            body.close();
        } finally {
            end();
        }
    }

    private void end() {
        UsageTap t = tap;
        if (t != null) {
            t.end();
        }
    }

    private final class Tapped extends ForwardingSource {
        private final OutputStream into = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                UsageTap t = tap;
                if (t != null) {
                    t.bytes(b, off, len);
                }
            }
        };

        Tapped(okio.Source delegate) {
            super(delegate);
        }

        @Override
        public long read(Buffer sink, long byteCount) throws IOException {
            long n = super.read(sink, byteCount);
            if (n > 0 && tap != null) {
                sink.copyTo(into, sink.size() - n, n);
            } else if (n < 0) {
                end();
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                end();
            }
        }
    }
}
