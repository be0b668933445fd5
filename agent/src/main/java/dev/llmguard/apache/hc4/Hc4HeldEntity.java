package dev.llmguard.apache.hc4;

import dev.llmguard.core.body.HeldBody;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.http.HttpEntity;
import org.apache.http.entity.HttpEntityWrapper;

/**
 * A response entity whose body the guard read ahead ({@link HeldBody}): the same content type,
 * encoding and length, and the same bytes, from memory.
 */
final class Hc4HeldEntity extends HttpEntityWrapper {
    private final HeldBody held;

    Hc4HeldEntity(HttpEntity original, HeldBody held) {
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

    /** What {@code EntityUtils.consume} and older callers use to give the connection back. */
    @Override
    @Deprecated
    public void consumeContent() throws IOException {
        held.close();
    }
}
