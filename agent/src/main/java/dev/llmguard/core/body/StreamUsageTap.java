package dev.llmguard.core.body;

import dev.llmguard.log.InternalErrors;

import java.util.function.Consumer;

/**
 * Reads the token usage a streamed (server-sent events) success response reports in its events,
 * from the bytes as the application reads them: nothing is held back, copied for later or
 * delayed. The adapter feeds it what passes through and tells it when the stream ends; whoever
 * decided on the response asks to hear the usage at that end ({@link #whenEnded}), before or after
 * it comes.
 *
 * <p>Events are read line by line: a {@code data:} line that names a usage object is parsed as
 * {@link ResponseUsage} does a JSON body, and the latest count of each kind wins (OpenAI's last
 * chunk with {@code stream_options.include_usage}, Anthropic's input tokens in {@code
 * message_start} and output tokens in {@code message_delta}, Gemini's {@code usageMetadata} on
 * every chunk, the Responses API's {@code response.completed}). Longer lines than
 * {@link #MAX_LINE_BYTES} are skipped (usage events are small). It never throws into the
 * application's read: a failure of its own is reported once and the tap goes quiet.
 *
 * <p>One reader feeds it at a time (as a stream is read); {@link #end} may come from another thread.
 */
public final class StreamUsageTap {
    static final int MAX_LINE_BYTES = 64 * 1024;
    private static final byte[] DATA = "data:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] USAGE = "\"usage".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] line = new byte[512];
    private int length;
    /** The line being read is longer than the bound: skipped to its end. */
    private boolean skipping;
    private boolean quiet;
    private long prompt = -1;
    private long output = -1;
    private long total = -1;
    private boolean ended;
    private Consumer<ResponseUsage> listener;

    /** A tap for a response with this status and Content-Type, or null when its body is not an event stream of a success. */
    public static StreamUsageTap forResponse(int status, String contentType) {
        if (status / 100 != 2 || contentType == null || !contentType.regionMatches(true, 0, "text/event-stream", 0, 17)) {
            return null;
        }
        return new StreamUsageTap();
    }

    /** The bytes {@code b[offset, offset + count)} have passed to the application. */
    public void bytes(byte[] b, int offset, int count) {
        if (quiet) {
            return;
        }
        try {
            for (int i = offset, end = offset + count; i < end; i++) {
                byte c = b[i];
                if (c == '\n' || c == '\r') {
                    lineEnded();
                } else if (!skipping) {
                    append(c);
                }
            }
        } catch (Throwable t) {
            quiet = true;
            InternalErrors.report("reading a stream's token usage", t);
        }
    }

    /** The bytes remaining in {@code b} have passed to the application; its position is left as it was. */
    public void bytes(java.nio.ByteBuffer b) {
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
    public void oneByte(int b) {
        bytes(new byte[] {(byte) b}, 0, 1);
    }

    private void append(byte c) {
        if (length == line.length) {
            if (length >= MAX_LINE_BYTES) {
                skipping = true;
                length = 0;
                return;
            }
            line = java.util.Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, length * 2));
        }
        line[length++] = c;
    }

    private void lineEnded() {
        if (!skipping && length > DATA.length && startsWith(line, DATA) && indexOf(line, length, USAGE) >= 0) {
            ResponseUsage usage = ResponseUsage.of(line, DATA.length, length - DATA.length);
            if (usage.promptTokens() >= 0) {
                prompt = usage.promptTokens();
            }
            if (usage.outputTokens() >= 0) {
                output = usage.outputTokens();
            }
            if (usage.totalTokens() >= 0) {
                total = usage.totalTokens();
            }
        }
        skipping = false;
        length = 0;
    }

    /**
     * The stream ended (its end read, or closed by the application): the usage read so far is told,
     * once. A last line without its line break is read too.
     */
    public void end() {
        Consumer<ResponseUsage> told;
        ResponseUsage usage;
        synchronized (this) {
            if (ended) {
                return;
            }
            if (!quiet) {
                lineEnded();
            }
            ended = true;
            told = listener;
            usage = usage();
        }
        tell(told, usage);
    }

    /** Hears the usage when the stream ends, at once if it has; the listener is called once, and not when nothing was reported. */
    public void whenEnded(Consumer<ResponseUsage> listener) {
        ResponseUsage usage;
        synchronized (this) {
            if (!ended) {
                this.listener = listener;
                return;
            }
            usage = usage();
        }
        tell(listener, usage);
    }

    /** What the stream's events reported so far: each kind's latest count; the total of input and output when both were told. */
    synchronized ResponseUsage usage() {
        long sum = prompt >= 0 && output >= 0 ? prompt + output : total;
        return ResponseUsage.counted(Math.max(sum, total), prompt, output);
    }

    private static void tell(Consumer<ResponseUsage> listener, ResponseUsage usage) {
        if (listener == null || usage.totalTokens() < 0) {
            return;
        }
        try {
            listener.accept(usage);
        } catch (Throwable t) {
            InternalErrors.report("charging a stream's token usage", t);
        }
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, int length, byte[] part) {
        outer:
        for (int i = 0, last = length - part.length; i <= last; i++) {
            for (int j = 0; j < part.length; j++) {
                if (b[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
