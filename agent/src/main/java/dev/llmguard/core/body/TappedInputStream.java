package dev.llmguard.core.body;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A streamed success body as the application reads it, every byte read also passed to a
 * {@link UsageTap}; nothing is read ahead. Its end (read to -1, or closed) ends the tap.
 * For the clients whose bodies are input streams (Apache HttpClient, HttpURLConnection).
 */
public final class TappedInputStream extends FilterInputStream {
    private final UsageTap tap;

    public TappedInputStream(InputStream in, UsageTap tap) {
        super(in);
        this.tap = tap;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            tap.oneByte(b);
        } else {
            tap.end();
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            tap.bytes(b, off, n);
        } else if (n < 0) {
            tap.end();
        }
        return n;
    }

    @Override
    public boolean markSupported() {
        return false; // a reset would pass bytes to the tap twice
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
