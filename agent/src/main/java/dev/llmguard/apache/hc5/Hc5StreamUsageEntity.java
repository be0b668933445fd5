package dev.llmguard.apache.hc5;

import dev.llmguard.apache.TappedContent;
import dev.llmguard.core.body.UsageTap;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * A success entity (an event stream, or JSON of unknown length), the same bytes as the original,
 * read through a {@link UsageTap} as the application reads them (never ahead).
 */
final class Hc5StreamUsageEntity extends HttpEntityWrapper {
    private final TappedContent content;

    Hc5StreamUsageEntity(HttpEntity original, UsageTap tap) {
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

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            content.tap().end();
        }
    }
}
