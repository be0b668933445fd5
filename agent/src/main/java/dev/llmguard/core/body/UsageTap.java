package dev.llmguard.core.body;

import dev.llmguard.log.InternalErrors;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Reads the token usage a success body reports from its bytes as they pass to the application,
 * for a body that is still being read when the guard decides on its response: the adapter feeds it
 * what passes and tells it when the body ends; whoever decided on the response hears the usage at
 * that end ({@link #whenEnded}), before or after it comes. Nothing is held back or delayed. It never
 * throws into the application's read: a failure of its own is reported once and the tap goes quiet.
 *
 * <p>One reader feeds it at a time (as a body is read); {@link #end} may come from another thread.
 */
public abstract class UsageTap {
    private boolean quiet;
    private boolean ended;
    private Consumer<ResponseUsage> listener;

    /**
     * The tap a success body is read through for its usage, or null: an event stream's, or a JSON
     * body's that the adapter does not read ahead ({@code jsonReadAhead} false: its length is not
     * known, or the client never reads ahead), copying at most {@code maxJsonBytes}.
     */
    public static UsageTap forSuccess(int status, String contentType, boolean jsonReadAhead, int maxJsonBytes) {
        UsageTap stream = StreamUsageTap.forResponse(status, contentType);
        if (stream != null) {
            return stream;
        }
        return status / 100 == 2 && !jsonReadAhead && ContentTypes.isJson(contentType) ? new JsonUsageTap(maxJsonBytes) : null;
    }

    /** Reads {@code b[offset, offset + count)}; may throw (the tap then goes quiet). */
    abstract void read(byte[] b, int offset, int count);

    /** The body ended: whatever is still pending is read (called once, under this tap's lock). */
    abstract void finish();

    /** What the body reported so far; {@link ResponseUsage#NONE} when nothing. */
    abstract ResponseUsage usage();

    /** The bytes {@code b[offset, offset + count)} have passed to the application. */
    public final void bytes(byte[] b, int offset, int count) {
        if (quiet) {
            return;
        }
        try {
            read(b, offset, count);
        } catch (Throwable t) {
            quiet = true;
            InternalErrors.report("reading a response's token usage", t);
        }
    }

    /** The bytes remaining in {@code b} have passed to the application; its position is left as it was. */
    public final void bytes(ByteBuffer b) {
        if (quiet || !b.hasRemaining()) {
            return;
        }
        if (b.hasArray()) {
            bytes(b.array(), b.arrayOffset() + b.position(), b.remaining());
        } else {
            byte[] copy = new byte[b.remaining()];
            b.duplicate().get(copy);
            bytes(copy, 0, copy.length);
        }
    }

    /** One byte has passed to the application. */
    public final void oneByte(int b) {
        bytes(new byte[] {(byte) b}, 0, 1);
    }

    /** The body ended (its end read, or closed or cancelled by the application): the usage read so far is told, once. */
    public final void end() {
        Consumer<ResponseUsage> told;
        ResponseUsage usage;
        synchronized (this) {
            if (ended) {
                return;
            }
            if (!quiet) {
                try {
                    finish();
                } catch (Throwable t) {
                    quiet = true;
                    InternalErrors.report("reading a response's token usage", t);
                }
            }
            ended = true;
            told = listener;
            usage = quiet ? ResponseUsage.NONE : usage();
        }
        tell(told, usage);
    }

    /** Hears the usage when the body ends, at once if it has; the listener is called once, and not when nothing was reported. */
    public final void whenEnded(Consumer<ResponseUsage> listener) {
        ResponseUsage usage;
        synchronized (this) {
            if (!ended) {
                this.listener = listener;
                return;
            }
            usage = quiet ? ResponseUsage.NONE : usage();
        }
        tell(listener, usage);
    }

    private static void tell(Consumer<ResponseUsage> listener, ResponseUsage usage) {
        if (listener == null || usage.totalTokens() < 0) {
            return;
        }
        try {
            listener.accept(usage);
        } catch (Throwable t) {
            InternalErrors.report("charging a response's token usage", t);
        }
    }
}
