package dev.llmguard.apache.hc5;

import dev.llmguard.core.body.HeldBody;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * A response entity whose body the guard read ahead ({@link HeldBody}): the same content type,
 * encoding, length and trailers, and the same bytes, from memory.
 */
final class Hc5HeldEntity extends HttpEntityWrapper {
    private final HeldBody held;

    Hc5HeldEntity(HttpEntity original, HeldBody held) {
        super(original);
        this.held = held;
    }

    HeldBody held() {
        return held;
    }

    @Override
    public boolean isRepeatable() {
        return held.complete();
    }

    @Override
    public boolean isStreaming() {
        return !held.complete();
    }

    @Override
    public InputStream getContent() {
        return held.content();
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        held.writeTo(out);
    }

    @Override
    public void close() throws IOException {
        try {
            held.close();
        } finally {
            super.close();
        }
    }
}
