package dev.llmguard.apache.hc4;

import dev.llmguard.apache.TappedContent;
import dev.llmguard.core.body.UsageTap;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.http.HttpEntity;
import org.apache.http.entity.HttpEntityWrapper;

/**
 * A success entity (an event stream, or JSON of unknown length), the same bytes as the original,
 * read through a {@link UsageTap} as the application reads them (never ahead).
 */
final class Hc4StreamUsageEntity extends HttpEntityWrapper {
    private final TappedContent content;

    Hc4StreamUsageEntity(HttpEntity original, UsageTap tap) {
        super(original);
        this.content = new TappedContent(tap);
    }

    UsageTap tap() {
        return content.tap();
    }

    @Override
    public InputStream getContent() throws IOException {
        return content.get(super::getContent);
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        content.writeTo(out, super::getContent);
    }

    /** What older callers use to give the connection back. */
    @Override
    @Deprecated
    public void consumeContent() throws IOException {
        try {
            super.consumeContent();
        } finally {
            content.tap().end();
        }
    }
}
