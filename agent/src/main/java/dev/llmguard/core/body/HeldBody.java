package dev.llmguard.core.body;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;

/**
 * A response body read ahead by the guard so that it can classify the response, and still the
 * application's byte for byte: held whole when it ends within the bound (the connection is then
 * back in the pool before the guard decides), else the bytes read so far followed by the rest of
 * the stream, unread. A read that fails part way replays what it read, then the same failure.
 */
public final class HeldBody {
    /** Enough for any provider's JSON error body; what the classifier is given of a longer one. */
    public static final int ERROR_BODY_PEEK_BYTES = 32 * 1024;
    private static final int CHUNK = 8192;

    private final byte[] bytes;
    private final InputStream rest;
    private InputStream handedOut;

    private HeldBody(byte[] bytes, InputStream rest) {
        this.bytes = bytes;
        this.rest = rest;
    }

    /** Reads at most {@code max + 1} bytes of {@code in}; closes it when it ended within {@code max}. */
    public static HeldBody read(InputStream in, int max) {
        ByteArrayOutputStream held = new ByteArrayOutputStream(Math.min(Math.max(max, 0) + 1, CHUNK));
        byte[] buf = new byte[CHUNK];
        try {
            while (held.size() <= max) {
                int n = in.read(buf, 0, Math.min(buf.length, max + 1 - held.size()));
                if (n < 0) {
                    closeQuietly(in); // at the end already: this gives the connection back, if reading to the end has not
                    return new HeldBody(held.toByteArray(), null);
                }
                held.write(buf, 0, n);
            }
            return new HeldBody(held.toByteArray(), in);
        } catch (IOException e) {
            return new HeldBody(held.toByteArray(), new FailedRead(in, e));
        }
    }

    /** True when the whole body is held: it can be read any number of times. */
    public boolean complete() {
        return rest == null;
    }

    /** The whole body when {@link #complete()}, else its first bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** At most the first {@code n} bytes. */
    public byte[] prefix(int n) {
        return bytes.length <= n ? bytes.clone() : Arrays.copyOf(bytes, n);
    }

    /**
     * The body as the application reads it: a new stream over the held bytes each time when
     * complete, else one stream (the same each time) over the held bytes and the rest.
     */
    public synchronized InputStream content() {
        if (rest == null) {
            return new ByteArrayInputStream(bytes);
        }
        if (handedOut == null) {
            handedOut = new SequenceInputStream(new ByteArrayInputStream(bytes), rest);
        }
        return handedOut;
    }

    public void writeTo(OutputStream out) throws IOException {
        if (rest == null) {
            out.write(bytes);
            return;
        }
        InputStream in = content();
        byte[] buf = new byte[CHUNK];
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            out.write(buf, 0, n);
        }
    }

    /** Closes the unread rest, if any (as closing the original stream would). */
    public void close() throws IOException {
        if (rest != null) {
            rest.close();
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the body is read; nothing is lost
        }
    }

    /** The rest of a body whose reading failed: the same failure again, for the application. */
    private static final class FailedRead extends InputStream {
        private final InputStream original;
        private final IOException failure;

        FailedRead(InputStream original, IOException failure) {
            this.original = original;
            this.failure = failure;
        }

        @Override
        public int read() throws IOException {
            throw failure;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            throw failure;
        }

        @Override
        public void close() throws IOException {
            original.close();
        }
    }
}
