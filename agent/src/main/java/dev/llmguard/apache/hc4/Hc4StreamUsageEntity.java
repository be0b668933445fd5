package dev.llmguard.apache.hc4;

import dev.llmguard.core.body.StreamUsageTap;
import dev.llmguard.core.body.TappedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.http.HttpEntity;
import org.apache.http.entity.HttpEntityWrapper;

/**
 * A streamed success entity, the same bytes as the original, read through a {@link StreamUsageTap}
 * as the application reads them (never ahead).
 */
final class Hc4StreamUsageEntity extends HttpEntityWrapper {
    private final StreamUsageTap tap;
    private InputStream content;

    Hc4StreamUsageEntity(HttpEntity original, StreamUsageTap tap) {
        super(original);
        this.tap = tap;
    }

    StreamUsageTap tap() {
        return tap;
    }

    @Override
    public synchronized InputStream getContent() throws IOException {
        if (content == null) {
            content = new TappedInputStream(super.getContent(), tap);
        }
        return content;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        InputStream in = getContent();
        try {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
        } finally {
            in.close();
        }
    }

    /** What older callers use to give the connection back. */
    @Override
    @Deprecated
    public void consumeContent() throws IOException {
        try {
            super.consumeContent();
        } finally {
            tap.end();
        }
    }
}
