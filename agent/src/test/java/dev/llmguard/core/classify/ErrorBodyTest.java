package dev.llmguard.core.classify;

import dev.llmguard.core.http.Headers;
import dev.llmguard.core.http.ResponseInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorBodyTest {

    private static ErrorBody parse(String json) {
        return ErrorBody.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsOpenAiRateLimitBody() {
        ErrorBody b = parse(ProviderSamples.OPENAI_429_TOKENS);
        assertThat(b.type()).isEqualTo("tokens");
        assertThat(b.code()).isEqualTo("rate_limit_exceeded");
        assertThat(b.message()).startsWith("Rate limit reached for gpt-4o").contains("Please try again in 2.014s.");
        assertThat(b.status()).isNull();
        assertThat(b.retryDelayMillis()).isEqualTo(-1);
        assertThat(b.quotaIds()).isEmpty();
        assertThat(b.detailsErrorCode()).isNull();
    }

    @Test
    void readsOpenAiNullCode() {
        ErrorBody b = parse(ProviderSamples.OPENAI_500);
        assertThat(b.type()).isEqualTo("server_error");
        assertThat(b.code()).isNull();
    }

    @Test
    void readsAnthropicBodyIgnoringTopLevelTypeError() {
        ErrorBody b = parse(ProviderSamples.ANTHROPIC_429);
        assertThat(b.type()).isEqualTo("rate_limit_error");
        assertThat(b.message()).contains("50,000 input tokens per minute");
        assertThat(b.code()).isNull();
    }

    @Test
    void readsAnthropicDetailsErrorCode() {
        ErrorBody b = parse(ProviderSamples.ANTHROPIC_429_SPEND_LIMIT);
        assertThat(b.type()).isEqualTo("rate_limit_error");
        assertThat(b.detailsErrorCode()).isEqualTo("enforced_spend_limit_reached");
    }

    @Test
    void readsGeminiQuotaFailureAndRetryInfo() {
        ErrorBody b = parse(ProviderSamples.GEMINI_429_PER_DAY);
        assertThat(b.code()).isEqualTo("429");
        assertThat(b.status()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(b.quotaIds()).containsExactly("GenerateRequestsPerDayPerProjectPerModel-FreeTier");
        assertThat(b.retryDelayMillis()).isEqualTo(31000);
        assertThat(b.message()).contains("limit: 50");
    }

    @Test
    void readsPrettyPrintedGeminiBodyWithHelpLinks() {
        ErrorBody b = parse(ProviderSamples.GEMINI_429_PER_MINUTE);
        assertThat(b.quotaIds()).containsExactly("GenerateRequestsPerMinutePerProjectPerModel-FreeTier");
        assertThat(b.retryDelayMillis()).isEqualTo(30000);
    }

    @Test
    void readsGeminiErrorWrappedInAnArray() {
        ErrorBody b = parse("[" + ProviderSamples.GEMINI_429_PER_MINUTE + "]");
        assertThat(b.status()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(b.retryDelayMillis()).isEqualTo(30000);
    }

    @Test
    void readsRetryDelayWrittenAsSecondsAndNanos() {
        ErrorBody b = parse("{\"error\":{\"details\":[{\"retryDelay\":{\"seconds\":2,\"nanos\":500000000}}]}}");
        assertThat(b.retryDelayMillis()).isEqualTo(2500);
        assertThat(parse("{\"error\":{\"details\":[{\"retryDelay\":{\"seconds\":-2}}]}}").retryDelayMillis()).isEqualTo(-1);
    }

    @Test
    void collectsSeveralQuotaIds() {
        ErrorBody b = parse("{\"error\":{\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"violations\":["
                + "{\"quotaId\":\"GenerateContentInputTokensPerModelPerMinute-FreeTier\"},"
                + "{\"quotaId\":\"GenerateRequestsPerDayPerProjectPerModel-FreeTier\"}, 7, null, [1]]}]}}");
        assertThat(b.quotaIds()).containsExactly("GenerateContentInputTokensPerModelPerMinute-FreeTier",
                "GenerateRequestsPerDayPerProjectPerModel-FreeTier");
    }

    @Test
    void readsFlatGatewayBodies() {
        ErrorBody vllm = parse("{\"object\":\"error\",\"message\":\"Too many requests\",\"type\":\"RateLimitError\","
                + "\"param\":null,\"code\":429}");
        assertThat(vllm.type()).isEqualTo("RateLimitError");
        assertThat(vllm.code()).isEqualTo("429");
        assertThat(vllm.message()).isEqualTo("Too many requests");

        ErrorBody plain = parse("{\"error\":\"Rate limit exceeded\"}");
        assertThat(plain.message()).isEqualTo("Rate limit exceeded");
        assertThat(plain.type()).isNull();
    }

    @Test
    void readsAnSseErrorEvent() {
        ErrorBody b = parse("event: error\ndata: " + ProviderSamples.ANTHROPIC_529 + "\n\n");
        assertThat(b.type()).isEqualTo("overloaded_error");
    }

    @Test
    void toleratesUnexpectedValueShapes() {
        ErrorBody b = parse("{\"error\":{\"message\":{\"nested\":[1,2,{\"a\":\"b\"}]},\"type\":[\"x\"],"
                + "\"code\":{\"c\":1},\"status\":42,\"details\":\"none\",\"param\":{\"p\":[]},"
                + "\"extra\":[{\"type\":\"ignored\"}]},\"type\":\"late_top_level\"}");
        assertThat(b.message()).isNull();
        assertThat(b.type()).isEqualTo("late_top_level");
        assertThat(b.code()).isNull();
        assertThat(b.status()).isNull();
    }

    @Test
    void keepsWhatWasCompleteWhenTruncated() {
        String full = ProviderSamples.OPENAI_429_INSUFFICIENT_QUOTA;
        // cut inside the "code" value: type and message are complete and kept, code is not
        int cut = full.indexOf("\"code\"") + 10;
        ErrorBody b = parse(full.substring(0, cut));
        assertThat(b.type()).isEqualTo("insufficient_quota");
        assertThat(b.message()).startsWith("You exceeded your current quota");
        assertThat(b.code()).isNull();
    }

    @Test
    void everyPrefixOfARealBodyKeepsOnlyCompleteValues() {
        String[] samples = {ProviderSamples.OPENAI_429_TOKENS, ProviderSamples.ANTHROPIC_429_SPEND_LIMIT,
            ProviderSamples.GEMINI_429_PER_DAY, ProviderSamples.GEMINI_429_PER_MINUTE};
        for (String sample : samples) {
            byte[] bytes = sample.getBytes(StandardCharsets.UTF_8);
            ErrorBody full = ErrorBody.parse(bytes);
            for (int len = 0; len <= bytes.length; len++) {
                ErrorBody b = ErrorBody.parse(Arrays.copyOf(bytes, len));
                String at = "prefix of " + len + " bytes";
                // a cut string is dropped: each field is the whole body's or absent
                assertThat(b.type()).as(at).isIn(null, full.type());
                if (b.code() != null) {
                    // but a number the cut ends (Gemini's "code":429) reads as its leading digits
                    assertThat(full.code()).as(at).startsWith(b.code());
                }
                assertThat(b.message()).as(at).isIn(null, full.message());
                assertThat(b.status()).as(at).isIn(null, full.status());
                assertThat(b.detailsErrorCode()).as(at).isIn(null, full.detailsErrorCode());
                assertThat(b.retryDelayMillis()).as(at).isIn(-1L, full.retryDelayMillis());
                int ids = Math.min(b.quotaIds().size(), full.quotaIds().size());
                assertThat(b.quotaIds()).as(at).isEqualTo(full.quotaIds().subList(0, ids));
            }
            assertThat(ErrorBody.parse(Arrays.copyOf(bytes, 0))).isSameAs(ErrorBody.EMPTY);
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", " ", "not json", "<html><body>429 Too Many Requests</body></html>", "null", "42",
        "\"error\"", "[]", "[1,2]", "{", "{\"error\"", "{\"error\":", "{\"error\":{", "{}}", "{\"error\":{}}",
        "\u0000\u0001", "{\"error\":{\"type\" \"a\"}}", "data: nothing here"})
    void garbageGivesEmpty(String text) {
        assertThat(parse(text)).isSameAs(ErrorBody.EMPTY);
    }

    @Test
    void nullAndMissingBodiesGiveEmpty() {
        assertThat(ErrorBody.parse(null)).isSameAs(ErrorBody.EMPTY);
        assertThat(ErrorBody.parse(new byte[0])).isSameAs(ErrorBody.EMPTY);
        assertThat(ErrorBody.parse(ResponseInfo.of(429, Headers.EMPTY).errorBody())).isSameAs(ErrorBody.EMPTY);
        assertThat(ErrorBody.EMPTY.type()).isNull();
        assertThat(ErrorBody.EMPTY.code()).isNull();
        assertThat(ErrorBody.EMPTY.message()).isNull();
        assertThat(ErrorBody.EMPTY.status()).isNull();
        assertThat(ErrorBody.EMPTY.retryDelayMillis()).isEqualTo(-1);
        assertThat(ErrorBody.EMPTY.quotaIds()).isEmpty();
        assertThat(ErrorBody.EMPTY.detailsErrorCode()).isNull();
        assertThat(ErrorBody.EMPTY).hasToString("ErrorBody[]");
    }

    @Test
    void readsBodyWithByteOrderMark() {
        byte[] json = ProviderSamples.ANTHROPIC_529.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withBom, 3, json.length);
        assertThat(ErrorBody.parse(withBom).type()).isEqualTo("overloaded_error");
    }

    @Test
    void dropsIdentifierFieldsThatAreNotIdentifiers() {
        ErrorBody b = parse("{\"error\":{\"type\":\"two words\",\"code\":\"line\\nbreak\",\"status\":\""
                + "x".repeat(101) + "\",\"details\":{\"error_code\":\"ok_code\"}}}");
        assertThat(b.type()).isNull();
        assertThat(b.code()).isNull();
        assertThat(b.status()).isNull();
        assertThat(b.detailsErrorCode()).isEqualTo("ok_code");
    }

    @Test
    void toStringShowsFieldsButNeverTheMessage() {
        ErrorBody b = parse("{\"error\":{\"message\":\"CANARY-PROMPT tell me a secret\",\"type\":\"tokens\","
                + "\"code\":\"rate_limit_exceeded\"}}");
        assertThat(b.toString()).isEqualTo("ErrorBody[type=tokens, code=rate_limit_exceeded, message=<30 chars>]");
        assertThat(b.toString()).doesNotContain("CANARY");
    }

    @Test
    void parsesAMegabyteBodyQuickly() {
        StringBuilder sb = new StringBuilder("{\"error\":{\"message\":\"");
        while (sb.length() < 1_000_000) {
            sb.append("abcdefghij");
        }
        sb.append("\",\"details\":[").append("{\"x\":[1,2,3]},".repeat(10000))
                .append("{\"retryDelay\":\"1.5s\"}],\"type\":\"tokens\"}}");
        byte[] big = sb.toString().getBytes(StandardCharsets.UTF_8);
        long start = System.nanoTime();
        ErrorBody b = ErrorBody.parse(big);
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(b.type()).isEqualTo("tokens");
        assertThat(b.retryDelayMillis()).isEqualTo(1500);
        assertThat(b.message().length()).isGreaterThan(999_000);
        assertThat(tookMillis).isLessThan(2000);

        ErrorBody cut = ErrorBody.parse(Arrays.copyOf(big, 500_000));
        assertThat(cut.message()).isNull();
        assertThat(cut).isSameAs(ErrorBody.EMPTY);
    }
}
