package dev.llmguard.core.body;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseUsageTest {

    private static long total(String json) {
        return ResponseUsage.totalTokens(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsOpenAiChatCompletionTotal() {
        assertThat(total("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,"
                + "\"completion_tokens\":12,\"total_tokens\":21,\"prompt_tokens_details\":{\"cached_tokens\":0},"
                + "\"completion_tokens_details\":{\"reasoning_tokens\":0}}}")).isEqualTo(21);
    }

    @Test
    void addsPromptAndCompletionWithoutTotal() {
        assertThat(total("{\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":12}}")).isEqualTo(21);
        assertThat(total("{\"usage\":{\"prompt_tokens\":9}}")).isEqualTo(9);
    }

    @Test
    void readsResponsesApiUsage() {
        assertThat(total("{\"object\":\"response\",\"usage\":{\"input_tokens\":36,\"input_tokens_details\":"
                + "{\"cached_tokens\":0},\"output_tokens\":87,\"output_tokens_details\":{\"reasoning_tokens\":0},"
                + "\"total_tokens\":123}}")).isEqualTo(123);
        assertThat(total("{\"usage\":{\"input_tokens\":36,\"output_tokens\":87}}")).isEqualTo(123);
        assertThat(total("{\"type\":\"response.completed\",\"response\":{\"id\":\"r\",\"usage\":{\"input_tokens\":1,"
                + "\"output_tokens\":2,\"total_tokens\":3}}}")).isEqualTo(3);
    }

    @Test
    void readsAnthropicUsageWithCacheTokens() {
        assertThat(total("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"Hi\"}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":2095,"
                + "\"cache_creation_input_tokens\":100,\"cache_read_input_tokens\":1000,\"output_tokens\":503}}"))
                .isEqualTo(2095 + 100 + 1000 + 503);
        assertThat(total("{\"usage\":{\"input_tokens\":10,\"cache_creation_input_tokens\":null,"
                + "\"output_tokens\":5}}")).isEqualTo(15);
        assertThat(total("{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"usage\":{\"input_tokens\":25,"
                + "\"output_tokens\":1}}}")).isEqualTo(26);
    }

    @Test
    void readsGeminiUsageMetadata() {
        assertThat(total("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}],\"role\":\"model\"}}],"
                + "\"usageMetadata\":{\"promptTokenCount\":4,\"candidatesTokenCount\":10,\"totalTokenCount\":14},"
                + "\"modelVersion\":\"gemini-2.0-flash\"}")).isEqualTo(14);
        assertThat(total("{\"usageMetadata\":{\"promptTokenCount\":4,\"candidatesTokenCount\":10,"
                + "\"thoughtsTokenCount\":6}}")).isEqualTo(20);
    }

    @Test
    void readsTheLastChunkOfAGeminiStreamArray() {
        assertThat(total("[{\"usageMetadata\":{\"totalTokenCount\":5}},{\"candidates\":[]},"
                + "{\"usageMetadata\":{\"totalTokenCount\":14}}]")).isEqualTo(14);
    }

    @Test
    void readsThePromptTokensEachProviderCounted() {
        assertThat(prompt("{\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":12,\"total_tokens\":21}}")).isEqualTo(9);
        assertThat(prompt("{\"usage\":{\"input_tokens\":36,\"output_tokens\":87,\"total_tokens\":123}}")).isEqualTo(36);
        assertThat(prompt("{\"usage\":{\"input_tokens\":10,\"cache_creation_input_tokens\":5,\"cache_read_input_tokens\":20,"
                + "\"output_tokens\":3}}")).as("Anthropic: cache reads and writes are input too").isEqualTo(35);
        assertThat(prompt("{\"usageMetadata\":{\"promptTokenCount\":4,\"candidatesTokenCount\":10,\"totalTokenCount\":14}}")).isEqualTo(4);
        assertThat(prompt("{\"usage\":{\"total_tokens\":21}}")).as("only a total").isEqualTo(-1);
        assertThat(prompt("{\"usage\":{\"prompt_tokens\":\"many\",\"completion_tokens\":3}}")).as("not a number").isEqualTo(-1);
        assertThat(prompt("{\"choices\":[]}")).isEqualTo(-1);
    }

    @Test
    void readsTheOutputTokensEachProviderCounted() {
        assertThat(output("{\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":12,\"total_tokens\":21}}")).isEqualTo(12);
        assertThat(output("{\"usage\":{\"input_tokens\":10,\"cache_read_input_tokens\":20,\"output_tokens\":3}}")).isEqualTo(3);
        assertThat(output("{\"usageMetadata\":{\"promptTokenCount\":4,\"candidatesTokenCount\":10,\"thoughtsTokenCount\":5}}"))
                .as("Gemini: thoughts are output too").isEqualTo(15);
        assertThat(output("{\"usage\":{\"total_tokens\":21}}")).isEqualTo(-1);
    }

    private static long output(String json) {
        return ResponseUsage.of(json.getBytes(StandardCharsets.UTF_8)).outputTokens();
    }

    private static long prompt(String json) {
        return ResponseUsage.of(json.getBytes(StandardCharsets.UTF_8)).promptTokens();
    }

    @Test
    void ignoresUsageNestedElsewhere() {
        assertThat(total("{\"choices\":[{\"usage\":{\"total_tokens\":5}}],\"data\":{\"usage\":{\"total_tokens\":7}}}"))
                .isEqualTo(-1);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "null", "[]", "{}", "not json", "{\"usage\":null}", "{\"usage\":{}}",
        "{\"usage\":{\"total_tokens\":-5}}", "{\"usage\":{\"total_tokens\":\"21\"}}", "{\"usage\":[21]}",
        "{\"usage\":{\"total_tokens\":99999999999999999999999}}", "{\"usage\":{\"total_tokens\":21",
        "{\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1", "{\"usageMetadata\":{}}"})
    void absentOrInvalidUsageIsMinusOne(String json) {
        assertThat(total(json)).isEqualTo(-1);
    }

    @Test
    void nullIsMinusOne() {
        assertThat(ResponseUsage.totalTokens(null)).isEqualTo(-1);
    }

    @Test
    void usageBeforeACutIsKept() {
        assertThat(total("{\"usage\":{\"total_tokens\":21},\"choices\":[{\"message\":{\"content\":\"tru"))
                .isEqualTo(21);
    }

    @Test
    void neverThrowsOnAnyPrefix() {
        byte[] bytes = ("{\"id\":\"x\",\"choices\":[{\"message\":{\"content\":\"Hello\"}}],"
                + "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":12,\"total_tokens\":21}}").getBytes(StandardCharsets.UTF_8);
        int usageClosed = new String(bytes, StandardCharsets.UTF_8).lastIndexOf('}');
        for (int len = 0; len < bytes.length; len++) {
            long expected = len >= usageClosed ? 21 : -1;
            assertThat(ResponseUsage.totalTokens(Arrays.copyOf(bytes, len))).as("prefix " + len).isEqualTo(expected);
        }
        assertThat(ResponseUsage.totalTokens(bytes)).isEqualTo(21);
    }

    @Test
    void readsUsageAfterAMegabyteOfContent() {
        StringBuilder sb = new StringBuilder("{\"choices\":[{\"message\":{\"content\":\"");
        while (sb.length() < 1_000_000) {
            sb.append("lorem ipsum ");
        }
        sb.append("\"}}],\"usage\":{\"total_tokens\":250000}}");
        assertThat(ResponseUsage.totalTokens(sb.toString().getBytes(StandardCharsets.UTF_8))).isEqualTo(250000);
    }
}
