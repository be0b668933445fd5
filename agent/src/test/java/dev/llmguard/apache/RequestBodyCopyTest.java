package dev.llmguard.apache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RequestBodyCopyTest {
    private static final byte[] BODY = "{\"model\":\"gpt-4o-mini\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void copiesABodyWithinTheBound() {
        assertThat(RequestBodyCopy.of(BODY.length, BODY.length, out -> out.write(BODY))).isEqualTo(BODY);
        assertThat(RequestBodyCopy.of(-1, BODY.length, out -> out.write(BODY))).as("length unknown").isEqualTo(BODY);
    }

    @Test
    void aBodyKnownToBeLongerIsNotWrittenAtAll() {
        AtomicInteger writes = new AtomicInteger();
        assertThat(RequestBodyCopy.of(BODY.length, BODY.length - 1, out -> writes.incrementAndGet())).isNull();
        assertThat(writes).hasValue(0);
    }

    @Test
    void aBodyOfUnknownLengthStopsAtTheBound() {
        AtomicInteger written = new AtomicInteger();
        byte[] copy = RequestBodyCopy.of(-1, 10, out -> {
            for (int i = 0; i < 1000; i++) {
                out.write('x');
                written.incrementAndGet();
            }
        });
        assertThat(copy).isNull();
        assertThat(written).hasValue(10);
    }

    @Test
    void anUnreadableBodyGivesNoCopy() {
        assertThat(RequestBodyCopy.of(-1, 100, out -> {
            throw new java.io.IOException("file gone");
        })).isNull();
    }
}
