package dev.llmguard.urlconnection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The stream {@code getOutputStream()} returns for a connection the guard has taken over: the
 * body is held, so that every attempt sends the same bytes. A body that grows past the capture
 * bound cannot be held: from then on it goes to a real connection, the bytes held first, in order,
 * and the request is sent once, as without the agent. A fixed length set with
 * {@code setFixedLengthStreamingMode} is enforced as the JDK enforces it.
 */
final class CapturedBody extends OutputStream {
    /** Where a body too long to hold goes: the application's own connection, sent as it is. */
    interface Overflow {
        OutputStream sendUnguarded() throws IOException;
    }

    private final int max;
    private final long fixedLength;
    private final Overflow overflow;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private OutputStream unguarded;
    private long written;
    private boolean closed;

    CapturedBody(int max, long fixedLength, Overflow overflow) {
        this.max = max;
        this.fixedLength = fixedLength;
        this.overflow = overflow;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("Stream is closed");
        }
        if (fixedLength != -1 && written + len > fixedLength) {
            throw new IOException("too many bytes to write to stream");
        }
        if (unguarded == null && held.size() + (long) len > max) {
            unguarded = overflow.sendUnguarded();
            held.writeTo(unguarded);
        }
        if (unguarded != null) {
            unguarded.write(b, off, len);
        } else {
            held.write(b, off, len);
        }
        written += len;
    }

    @Override
    public synchronized void flush() throws IOException {
        if (unguarded != null) {
            unguarded.flush();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (unguarded != null) {
            unguarded.close();
        } else if (fixedLength != -1 && written < fixedLength) {
            throw new IOException("insufficient data written");
        }
    }

    /** True once the body went to a real connection: the guard is out of this call. */
    synchronized boolean overflowed() {
        return unguarded != null;
    }

    /** The body held so far. */
    synchronized byte[] bytes() {
        return held.toByteArray();
    }
}
