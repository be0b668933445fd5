package dev.llmguard.apache;

import dev.llmguard.core.body.UsageTap;
import dev.llmguard.core.body.TappedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * What the HttpClient 5 and 4.5 entities of a tapped success share (an event stream, or JSON of
 * unknown length): the original content, opened once and read through the tap, and written out
 * from that same stream.
 */
public final class TappedContent {
    /** The original entity's content. */
    public interface Original {
        InputStream open() throws IOException;
    }

    private final UsageTap tap;
    private InputStream content;

    public TappedContent(UsageTap tap) {
        this.tap = tap;
    }

    public UsageTap tap() {
        return tap;
    }

    /** The content read through the tap (the same stream each time, as a streamed entity's is). */
    public synchronized InputStream get(Original original) throws IOException {
        if (content == null) {
            content = new TappedInputStream(original.open(), tap);
        }
        return content;
    }

    /** Writes the content to {@code out} through the tap, and closes it. */
    public void writeTo(OutputStream out, Original original) throws IOException {
        InputStream in = get(original);
        try {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
        } finally {
            in.close();
        }
    }
}
