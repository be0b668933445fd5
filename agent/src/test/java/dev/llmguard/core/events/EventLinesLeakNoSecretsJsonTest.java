package dev.llmguard.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.config.GuardConfig.LogLevel;
import dev.llmguard.log.GuardLog;
import dev.llmguard.log.JsonLine;
import dev.llmguard.log.LogCapture;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The same canaries with {@code llmguard.log.format=json}: every line is one JSON object that
 * parses, and none of its fields carries a secret or the prompt.
 */
class EventLinesLeakNoSecretsJsonTest extends EventLinesLeakNoSecretsTest {
    @Override
    GuardLog log(LogCapture c) {
        return c.jsonLog(LogLevel.DEBUG);
    }

    @Test
    void aJsonLineNamesTheEventAndTheRequestsFacts() {
        try (LogCapture c = LogCapture.start()) {
            GuardLog log = c.jsonLog(LogLevel.INFO);
            log.warn("rate limited", dev.llmguard.log.LogFields.event("rate_limited").put("host", "api.openai.com")
                    .put("attempt", 1).put("wait_ms", 1500L).put("key", "0123456789ab"));
            log.info("plain");
            assertThat(c.lines()).containsExactly("WARN rate limited", "INFO plain");
            String[] raw = c.raw().trim().split("\\R");
            Map<String, String> first = JsonLine.fields(raw[0]);
            assertThat(first).containsEntry("level", "WARN").containsEntry("logger", "llm-guard")
                    .containsEntry("event", "rate_limited").containsEntry("host", "api.openai.com")
                    .containsEntry("attempt", "1").containsEntry("wait_ms", "1500").containsEntry("message", "rate limited")
                    .containsKey("time").containsKey("thread");
            assertThat(JsonLine.fields(raw[1])).containsEntry("event", "message");
        }
    }
}
