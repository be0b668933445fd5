package dev.llmguard.core.body;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonUsageTapTest {
    private static final byte[] BODY = ("{\"id\":\"c\",\"choices\":[{\"message\":{\"content\":\"Hi\"}}],"
            + "\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":2,\"total_tokens\":22}}").getBytes(StandardCharsets.UTF_8);

    private static List<ResponseUsage> feed(JsonUsageTap tap, int chunk) {
        List<ResponseUsage> told = new ArrayList<>();
        tap.whenEnded(told::add);
        for (int i = 0; i < BODY.length; i += chunk) {
            tap.bytes(BODY, i, Math.min(chunk, BODY.length - i));
        }
        tap.end();
        return told;
    }

    @Test
    void readsTheUsageOfTheWholeBodyAtItsEnd() {
        List<ResponseUsage> told = feed(new JsonUsageTap(1024), 7);
        assertThat(told).hasSize(1);
        assertThat(told.get(0).totalTokens()).isEqualTo(22);
        assertThat(told.get(0).promptTokens()).isEqualTo(20);
    }

    @Test
    void aBodyLongerThanTheBoundTellsNothing() {
        assertThat(feed(new JsonUsageTap(BODY.length - 1), 16)).isEmpty();
        assertThat(feed(new JsonUsageTap(BODY.length), 16)).hasSize(1);
    }

    @Test
    void aBodyCutShortTellsNothing() {
        JsonUsageTap tap = new JsonUsageTap(1024);
        List<ResponseUsage> told = new ArrayList<>();
        tap.bytes(BODY, 0, BODY.length - 10);
        tap.end();
        tap.whenEnded(told::add);
        assertThat(told).isEmpty();
    }
}
