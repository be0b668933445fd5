package dev.llmguard.core.body;

import java.util.Arrays;

/**
 * Reads the usage of a plain JSON success body that the application reads as a stream, after the
 * guard decided on its response (an input-stream handler, say): a copy of its first bytes, up to a
 * bound, is kept as they pass and read as {@link ResponseUsage} reads a body when it ends. A body
 * longer than the bound reports nothing (its usage, at the end, is not in the copy).
 */
public final class JsonUsageTap extends UsageTap {
    private final int maxBytes;
    private byte[] copy = new byte[256];
    private int length;
    private boolean overflowed;
    private ResponseUsage usage = ResponseUsage.NONE;

    public JsonUsageTap(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    void read(byte[] b, int offset, int count) {
        if (overflowed) {
            return;
        }
        if (length + count > maxBytes) {
            overflowed = true;
            copy = null;
            return;
        }
        if (length + count > copy.length) {
            copy = Arrays.copyOf(copy, Math.min(maxBytes, Math.max(length + count, copy.length * 2)));
        }
        System.arraycopy(b, offset, copy, length, count);
        length += count;
    }

    @Override
    void finish() {
        if (!overflowed) {
            usage = ResponseUsage.of(copy, 0, length);
            copy = null;
        }
    }

    @Override
    synchronized ResponseUsage usage() {
        return usage;
    }
}
