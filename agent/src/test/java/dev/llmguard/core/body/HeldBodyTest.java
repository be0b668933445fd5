package dev.llmguard.core.body;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeldBodyTest {
    private static final byte[] BODY = "{\"error\":{\"code\":\"rate_limit_exceeded\"}}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aBodyWithinTheBoundIsHeldWholeAndItsStreamClosed() throws IOException {
        Tracked in = new Tracked(new ByteArrayInputStream(BODY));
        HeldBody held = HeldBody.read(in, BODY.length);
        assertThat(held.complete()).isTrue();
        assertThat(in.closed).isTrue();
        assertThat(held.bytes()).isEqualTo(BODY);
        assertThat(readAll(held.content())).isEqualTo(BODY);
        assertThat(readAll(held.content())).as("read again").isEqualTo(BODY);
    }

    @Test
    void aLongerBodyKeepsItsRestUnreadAndTheApplicationGetsEveryByte() throws IOException {
        Tracked in = new Tracked(new ByteArrayInputStream(BODY));
        HeldBody held = HeldBody.read(in, 10);
        assertThat(held.complete()).isFalse();
        assertThat(in.closed).isFalse();
        assertThat(held.bytes()).hasSize(11);
        assertThat(in.available()).isEqualTo(BODY.length - 11);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        held.writeTo(out);
        assertThat(out.toByteArray()).isEqualTo(BODY);
        held.close();
        assertThat(in.closed).isTrue();
    }

    @Test
    void aReadThatFailsPartWayReplaysWhatItReadThenTheSameFailure() {
        IOException reset = new IOException("Connection reset");
        InputStream in = new InputStream() {
            private int left = 5;

            @Override
            public int read() throws IOException {
                if (left-- > 0) {
                    return 'x';
                }
                throw reset;
            }
        };
        HeldBody held = HeldBody.read(in, 100);
        assertThat(held.complete()).isFalse();
        InputStream content = held.content();
        assertThatThrownBy(() -> readAll(content)).isSameAs(reset);
        assertThat(held.bytes()).isEqualTo("xxxxx".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void theClassifierGetsAtMostThePeekOfALongBody() {
        byte[] big = new byte[HeldBody.ERROR_BODY_PEEK_BYTES * 2];
        HeldBody held = HeldBody.read(new ByteArrayInputStream(big), big.length);
        assertThat(held.complete()).isTrue();
        assertThat(held.prefix(HeldBody.ERROR_BODY_PEEK_BYTES)).hasSize(HeldBody.ERROR_BODY_PEEK_BYTES);
        assertThat(held.prefix(big.length * 2)).hasSize(big.length);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[7];
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static final class Tracked extends FilterInputStream {
        boolean closed;

        Tracked(InputStream in) {
            super(in);
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }
}
