package dev.llmguard.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class TextLineTest {
    @Test
    void timestampIsZeroPaddedToTheMillisecond() {
        StringBuilder b = new StringBuilder();
        TextLine.timestamp(b, LocalDateTime.of(2026, 1, 2, 3, 4, 5, 7_000_000));
        assertThat(b.toString()).isEqualTo("2026-01-02 03:04:05.007");
        b.setLength(0);
        TextLine.timestamp(b, LocalDateTime.of(2026, 12, 31, 23, 59, 59, 999_999_999));
        assertThat(b.toString()).isEqualTo("2026-12-31 23:59:59.999");
    }

    @Test
    void lineNamesTheThreadLevelAndLogger() {
        String line = TextLine.line("WARN", "llm-guard", "a 429 from api.openai.com");
        assertThat(line).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z \\["
                + Thread.currentThread().getName() + "] WARN llm-guard - a 429 from api.openai.com");
    }
}
