package dev.llmguard.okhttp.adapter;

import dev.llmguard.core.body.StreamUsageTap;
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
 * A streamed success body handed to the application as it is, whose bytes also pass through a
 * {@link StreamUsageTap} as they are read: nothing is buffered beyond what the application asked
 * for. The stream's end (read to its end, or closed) ends the tap.
 */
final class StreamUsageBody extends ResponseBody {
    private final ResponseBody body;
    private final StreamUsageTap tap;
    private BufferedSource source;

    private StreamUsageBody(ResponseBody body, StreamUsageTap tap) {
        this.body = body;
        this.tap = tap;
    }

    /** The response with its body tapped when it is a streamed success; else the response itself. */
    static Response tapped(Response response) {
        ResponseBody body = response.body();
        if (body == null || body instanceof StreamUsageBody) {
            return response;
        }
        StreamUsageTap tap = StreamUsageTap.forResponse(response.code(), response.header("Content-Type"));
        return tap == null ? response : response.newBuilder().body(new StreamUsageBody(body, tap)).build();
    }

    /** The tap of a tapped response's body, else null. */
    static StreamUsageTap tapOf(Response response) {
        ResponseBody body = response.body();
        return body instanceof StreamUsageBody ? ((StreamUsageBody) body).tap : null;
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
            source = Okio.buffer(new Tapped(body.source(), tap));
        }
        return source;
    }

    @Override
    public void close() {
        try {
            body.close();
        } finally {
            tap.end();
        }
    }

    private static final class Tapped extends ForwardingSource {
        private final StreamUsageTap tap;
        private final OutputStream into;

        Tapped(okio.Source delegate, final StreamUsageTap tap) {
            super(delegate);
            this.tap = tap;
            this.into = new OutputStream() {
                @Override
                public void write(int b) {
                    tap.oneByte(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    tap.bytes(b, off, len);
                }
            };
        }

        @Override
        public long read(Buffer sink, long byteCount) throws IOException {
            long n = super.read(sink, byteCount);
            if (n > 0) {
                sink.copyTo(into, sink.size() - n, n);
            } else if (n < 0) {
                tap.end();
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                tap.end();
            }
        }
    }
}
