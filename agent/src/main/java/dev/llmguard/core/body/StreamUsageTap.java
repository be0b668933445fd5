package dev.llmguard.core.body;

/**
 * Reads the token usage a streamed (server-sent events) success response reports in its events,
 * line by line as the application reads them (see {@link UsageTap}).
 *
 * <p>A {@code data:} line that names a usage object is parsed as {@link ResponseUsage} does a JSON
 * body, and the latest count of each kind wins (OpenAI's last chunk with {@code
 * stream_options.include_usage}, Anthropic's input tokens in {@code message_start} and output tokens
 * in {@code message_delta}, Gemini's {@code usageMetadata} on every chunk, the Responses API's {@code
 * response.completed}). Longer lines than {@link #MAX_LINE_BYTES} are skipped (usage events are small).
 */
public final class StreamUsageTap extends UsageTap {
    static final int MAX_LINE_BYTES = 64 * 1024;
    private static final byte[] DATA = "data:".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] USAGE = "\"usage".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] line = new byte[512];
    private int length;
    /** The line being read is longer than the bound: skipped to its end. */
    private boolean skipping;
    private long prompt = -1;
    private long output = -1;
    private long total = -1;

    /** A tap for a response with this status and Content-Type, or null when its body is not an event stream of a success. */
    public static StreamUsageTap forResponse(int status, String contentType) {
        return status / 100 == 2 && ContentTypes.isEventStream(contentType) ? new StreamUsageTap() : null;
    }

    @Override
    void read(byte[] b, int offset, int count) {
        for (int i = offset, end = offset + count; i < end; i++) {
            byte c = b[i];
            if (c == '\n' || c == '\r') {
                lineEnded();
            } else if (!skipping) {
                append(c);
            }
        }
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
        if (!skipping && length > DATA.length && startsWith(line, DATA) && namesAUsageObject()) {
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

    @Override
    void finish() {
        lineEnded(); // a last line without its line break
    }

    /** What the stream's events reported so far: each kind's latest count; the total of input and output when both were told. */
    @Override
    synchronized ResponseUsage usage() {
        long sum = prompt >= 0 && output >= 0 ? prompt + output : total;
        return ResponseUsage.counted(Math.max(sum, total), prompt, output);
    }

    /**
     * Whether the line has a usage key whose value is not {@code null}: OpenAI's chunks all carry
     * {@code "usage":null} but the last, and only that one is worth parsing.
     */
    private boolean namesAUsageObject() {
        for (int at = indexOf(line, 0, length, USAGE); at >= 0; at = indexOf(line, at + 1, length, USAGE)) {
            int i = at + USAGE.length;
            while (i < length && line[i] != '"') {
                i++; // the rest of the key: "usage" or "usageMetadata"
            }
            i = skipSpace(i + 1);
            if (i < length && line[i] == ':') {
                i = skipSpace(i + 1);
                if (!(i + 4 <= length && line[i] == 'n' && line[i + 1] == 'u' && line[i + 2] == 'l' && line[i + 3] == 'l')) {
                    return true;
                }
            }
        }
        return false;
    }

    private int skipSpace(int i) {
        while (i < length && (line[i] == ' ' || line[i] == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, int from, int length, byte[] part) {
        outer:
        for (int i = from, last = length - part.length; i <= last; i++) {
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
