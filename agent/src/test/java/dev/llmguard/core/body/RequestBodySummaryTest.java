package dev.llmguard.core.body;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class RequestBodySummaryTest {

    private static RequestBodySummary of(String json) {
        return RequestBodySummary.of(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsOpenAiChatCompletion() {
        RequestBodySummary s = of("{\"model\":\"gpt-4o\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"You are terse.\"},"
                + "{\"role\":\"user\",\"content\":\"Hello there\"}],"
                + "\"max_tokens\":100,\"n\":2,\"temperature\":0.2,\"stream\":true}");
        assertThat(s.model()).isEqualTo("gpt-4o");
        assertThat(s.promptChars()).isEqualTo("You are terse.".length() + "Hello there".length());
        assertThat(s.maxOutputTokens()).isEqualTo(100);
        assertThat(s.n()).isEqualTo(2);
        assertThat(s.stream()).isTrue();
        assertThat(s.complete()).isTrue();
        assertThat(s.estimatedTokens()).isEqualTo((25 + 3) / 4 + 200);
    }

    @Test
    void countsTextPartsButNotImagesOrKeys() {
        RequestBodySummary s = of("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"What is in this image?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA\"}}]}],"
                + "\"max_completion_tokens\":300}");
        assertThat(s.promptChars()).isEqualTo("What is in this image?".length());
        assertThat(s.maxOutputTokens()).isEqualTo(300);
        assertThat(s.stream()).isFalse();
        assertThat(s.n()).isEqualTo(1);
    }

    @Test
    void doesNotCountToolDefinitionsOrToolCallArguments() {
        RequestBodySummary s = of("{\"model\":\"gpt-4o\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\","
                + "\"description\":\"a long description\",\"parameters\":{\"type\":\"object\"}}}],"
                + "\"messages\":[{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"x\\\":1}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"42\"}]}");
        assertThat(s.promptChars()).isEqualTo(2);
    }

    @Test
    void readsAnthropicMessages() {
        RequestBodySummary s = of("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,"
                + "\"system\":[{\"type\":\"text\",\"text\":\"Be brief.\",\"cache_control\":{\"type\":\"ephemeral\"}}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"},"
                + "{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":[{\"type\":\"text\",\"text\":\"done\"}]},"
                + "{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"AAAA\"}}]}]}");
        assertThat(s.model()).isEqualTo("claude-sonnet-4-5");
        assertThat(s.promptChars()).isEqualTo("Be brief.".length() + 2 + 4);
        assertThat(s.maxOutputTokens()).isEqualTo(1024);
        assertThat(s.estimatedTokens()).isEqualTo(4 + 1024);
    }

    @Test
    void readsAnthropicStringSystem() {
        assertThat(of("{\"system\":\"12345678\",\"messages\":[]}").promptChars()).isEqualTo(8);
    }

    @Test
    void readsResponsesApiInput() {
        RequestBodySummary str = of("{\"model\":\"gpt-4.1\",\"instructions\":\"Be kind.\",\"input\":\"Tell me a story\","
                + "\"max_output_tokens\":500}");
        assertThat(str.promptChars()).isEqualTo("Be kind.".length() + "Tell me a story".length());
        assertThat(str.maxOutputTokens()).isEqualTo(500);
        RequestBodySummary items = of("{\"model\":\"gpt-4.1\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":"
                + "\"input_text\",\"text\":\"abc\"}]},{\"type\":\"function_call_output\",\"call_id\":\"x\","
                + "\"output\":\"defg\"}]}");
        assertThat(items.promptChars()).isEqualTo(7);
    }

    @Test
    void readsEmbeddingAndCompletionInputs() {
        assertThat(of("{\"model\":\"text-embedding-3-small\",\"input\":[\"ab\",\"cde\"]}").promptChars()).isEqualTo(5);
        assertThat(of("{\"model\":\"text-embedding-3-small\",\"input\":[[1,2,3]]}").promptChars()).isZero();
        assertThat(of("{\"model\":\"gpt-3.5-turbo-instruct\",\"prompt\":\"Say this\",\"max_tokens\":7}").promptChars())
                .isEqualTo(8);
        assertThat(of("{\"prompt\":[\"a\",\"bc\"]}").promptChars()).isEqualTo(3);
    }

    @Test
    void readsGeminiGenerateContent() {
        RequestBodySummary s = of("{\"systemInstruction\":{\"parts\":[{\"text\":\"You are a cat.\"}]},"
                + "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hello\"},"
                + "{\"inlineData\":{\"mimeType\":\"image/jpeg\",\"data\":\"/9j/4AAQSkZJRg\"}}]},"
                + "{\"role\":\"model\",\"parts\":[{\"text\":\"Meow\"}]}],"
                + "\"generationConfig\":{\"temperature\":1.0,\"maxOutputTokens\":800,\"candidateCount\":2,"
                + "\"stopSequences\":[\"x\"]}}");
        assertThat(s.model()).isNull();
        assertThat(s.promptChars()).isEqualTo("You are a cat.".length() + 5 + 4);
        assertThat(s.maxOutputTokens()).isEqualTo(800);
        assertThat(s.n()).isEqualTo(2);
        assertThat(s.estimatedTokens()).isEqualTo(6 + 1600);
    }

    @Test
    void countsCharactersNotBytes() {
        RequestBodySummary s = of("{\"messages\":[{\"role\":\"user\",\"content\":\"héllo wörld 日本語 \\u00e9\"}]}");
        assertThat(s.promptChars()).isEqualTo("héllo wörld 日本語 é".length());
    }

    @Test
    void takesTheLargestOutputLimit() {
        assertThat(of("{\"max_tokens\":100,\"max_completion_tokens\":400}").maxOutputTokens()).isEqualTo(400);
        assertThat(of("{\"max_tokens\":-5}").maxOutputTokens()).isEqualTo(-1);
        assertThat(of("{\"max_tokens\":\"100\"}").maxOutputTokens()).isEqualTo(-1);
        assertThat(of("{\"max_tokens\":100.0}").maxOutputTokens()).isEqualTo(100);
        assertThat(of("{\"max_tokens\":99999999999999999999999}").maxOutputTokens()).isEqualTo(-1);
    }

    @Test
    void estimatedTokensRoundsThePromptUpAndIgnoresMissingOutputLimit() {
        RequestBodySummary s = of("{\"prompt\":\"abcde\"}");
        assertThat(s.maxOutputTokens()).isEqualTo(-1);
        assertThat(s.estimatedTokens()).isEqualTo(2);
        assertThat(of("{\"prompt\":\"abcd\"}").estimatedTokens()).isEqualTo(1);
        assertThat(of("{}").estimatedTokens()).isZero();
    }

    @Test
    void estimatedTokensSaturatesInsteadOfOverflowing() {
        RequestBodySummary s = of("{\"max_tokens\":9000000000000000000,\"n\":1000}");
        assertThat(s.estimatedTokens()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void badNValuesKeepTheDefault() {
        assertThat(of("{\"n\":0}").n()).isEqualTo(1);
        assertThat(of("{\"n\":-3}").n()).isEqualTo(1);
        assertThat(of("{\"n\":\"2\"}").n()).isEqualTo(1);
        assertThat(of("{\"n\":{\"x\":1},\"max_tokens\":5}").maxOutputTokens()).isEqualTo(5);
        assertThat(of("{\"n\":1000000}").n()).isEqualTo(1000);
    }

    @Test
    void onlyTopLevelModelCounts() {
        RequestBodySummary s = of("{\"metadata\":{\"model\":\"nested\"},\"messages\":[{\"model\":\"x\",\"content\":\"a\"}]}");
        assertThat(s.model()).isNull();
        assertThat(of("{\"model\":\"bad\\nname\"}").model()).isNull();
        assertThat(of("{\"model\":42}").model()).isNull();
    }

    @Test
    void unexpectedShapesAreSkipped() {
        RequestBodySummary s = of("{\"model\":{\"id\":\"x\"},\"stream\":{\"a\":[1]},\"messages\":{\"content\":\"abc\"},"
                + "\"max_tokens\":[1,2],\"generationConfig\":[1],\"prompt\":42,\"input\":null,\"n\":[3]}");
        assertThat(s.model()).isNull();
        assertThat(s.stream()).isFalse();
        assertThat(s.promptChars()).isEqualTo(3);
        assertThat(s.maxOutputTokens()).isEqualTo(-1);
        assertThat(s.n()).isEqualTo(1);
        assertThat(s.complete()).isTrue();
    }

    @Test
    void truncatedBodyKeepsWhatWasRead() {
        String full = "{\"model\":\"gpt-4o\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"abcdef\"},"
                + "{\"role\":\"user\",\"content\":\"ghijkl\"}],\"stream\":true}";
        RequestBodySummary cut = of(full.substring(0, full.indexOf("ghij") + 2));
        assertThat(cut.model()).isEqualTo("gpt-4o");
        assertThat(cut.maxOutputTokens()).isEqualTo(50);
        assertThat(cut.promptChars()).isEqualTo(6);
        assertThat(cut.stream()).isFalse();
        assertThat(cut.complete()).isFalse();
        assertThat(cut.toString()).endsWith(", incomplete]");

        byte[] bytes = full.getBytes(StandardCharsets.UTF_8);
        for (int len = 0; len <= bytes.length; len++) {
            RequestBodySummary s = RequestBodySummary.of(Arrays.copyOf(bytes, len));
            assertThat(s.promptChars()).isBetween(0L, 12L);
            assertThat(s.complete()).isEqualTo(len == bytes.length);
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", " ", "null", "[]", "[{\"model\":\"x\"}]", "\"text\"", "42", "not json", "{",
        "<xml/>", "\u0000"})
    void nonObjectsGiveEmpty(String text) {
        RequestBodySummary s = of(text);
        assertThat(s.model()).isNull();
        assertThat(s.promptChars()).isZero();
        assertThat(s.maxOutputTokens()).isEqualTo(-1);
        assertThat(s.n()).isEqualTo(1);
        assertThat(s.stream()).isFalse();
        assertThat(s.estimatedTokens()).isZero();
    }

    @Test
    void nullGivesEmpty() {
        assertThat(RequestBodySummary.of(null)).isSameAs(RequestBodySummary.EMPTY);
    }

    @Test
    void deepNestingDoesNotThrow() {
        String deep = "{\"model\":\"m\",\"messages\":" + "[".repeat(5000) + "\"x\"" + "]".repeat(5000) + "}";
        RequestBodySummary s = of(deep);
        assertThat(s.model()).isEqualTo("m");
        assertThat(s.promptChars()).isZero();
        String moderate = "{\"messages\":" + "[".repeat(10) + "\"xyz\"" + "]".repeat(10) + "}";
        assertThat(of(moderate).promptChars()).isEqualTo(3);
    }

    @Test
    void summarisesAMegabyteBody() {
        StringBuilder content = new StringBuilder(1_100_000);
        while (content.length() < 1_000_000) {
            content.append("The quick brown fox jumps over the lazy dog. ");
        }
        String json = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + content
                + "\"}],\"max_tokens\":1000}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        long start = System.nanoTime();
        RequestBodySummary s = RequestBodySummary.of(bytes);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(s.promptChars()).isEqualTo(content.length());
        assertThat(s.maxOutputTokens()).isEqualTo(1000);
        assertThat(s.estimatedTokens()).isEqualTo((content.length() + 3) / 4 + 1000);
        assertThat(tookMillis).isLessThan(2000);

        RequestBodySummary cut = RequestBodySummary.of(Arrays.copyOf(bytes, 500_000));
        assertThat(cut.model()).isEqualTo("gpt-4o-mini");
        assertThat(cut.complete()).isFalse();
    }

    @Test
    void readsTheTenantIdentifiersButNeverPrintsThem() {
        RequestBodySummary s = of("{\"model\":\"m\",\"user\":\"user-42\",\"safety_identifier\":\"sid-7\","
                + "\"metadata\":{\"other\":{\"user_id\":\"nested\"},\"user_id\":\"anthropic-9\"},\"messages\":[]}");
        assertThat(s.identifier("user")).isEqualTo("user-42");
        assertThat(s.identifier("safety_identifier")).isEqualTo("sid-7");
        assertThat(s.identifier("metadata.user_id")).isEqualTo("anthropic-9");
        assertThat(s.identifier("model")).as("only the three").isNull();
        assertThat(s.toString()).doesNotContain("user-42").doesNotContain("sid-7").doesNotContain("anthropic-9");
        assertThat(of("{\"user\":42}").identifier("user")).as("not a string").isNull();
        assertThat(of("{\"user\":\"\"}").identifier("user")).isNull();
        assertThat(of("{\"user\":\"" + "x".repeat(300) + "\"}").identifier("user")).as("overlong").isNull();
    }

    @Test
    void toStringHoldsNoPromptText() {
        RequestBodySummary s = of("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"CANARY-PROMPT\"}],"
                + "\"instructions\":\"CANARY-PROMPT\",\"user\":\"CANARY-PROMPT\",\"metadata\":{\"k\":\"CANARY-PROMPT\"}}");
        assertThat(s.toString()).doesNotContain("CANARY");
        assertThat(s.toString()).isEqualTo("RequestBodySummary[model=gpt-4o, promptChars=26, maxOutputTokens=-1, n=1, "
                + "stream=false, estimatedTokens=7]");
    }
}
