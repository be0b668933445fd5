package dev.llmguard.apache;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A bounded copy of a repeatable request entity (byte arrays, strings, files, forms), written by
 * the entity itself, for the guard's token estimate. Never called for a one-shot entity: writing
 * it would consume what the server must receive.
 */
public final class RequestBodyCopy {
    /** How an entity writes itself ({@code HttpEntity::writeTo} of either major). */
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    private RequestBodyCopy() {
    }

    /**
     * @param length the entity's content length, or a negative number when unknown
     * @return the body's bytes when it has at most {@code max} of them; null when longer or unreadable
     */
    public static byte[] of(long length, int max, Writer entity) {
        if (length > max) {
            return null;
        }
        Bounded out = new Bounded(max, length);
        try {
            entity.writeTo(out);
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            // longer than the bound (TooLarge), or unreadable here: the request still goes out, its cost estimated without the body
            return null;
        }
    }

    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("request body longer than llmguard.capture.max-body-bytes", null);
        }
    }

    /** Stops the entity's writing as soon as it passes the bound. */
    private static final class Bounded extends OutputStream {
        private final int max;
        private final ByteArrayOutputStream bytes;

        Bounded(int max, long length) {
            this.max = max;
            this.bytes = new ByteArrayOutputStream(length >= 0 ? (int) length : Math.min(max, 8192));
        }

        @Override
        public void write(int b) throws IOException {
            check(1);
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            check(len);
            bytes.write(b, off, len);
        }

        private void check(int more) throws TooLarge {
            if (bytes.size() + (long) more > max) {
                throw new TooLarge();
            }
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }
}
