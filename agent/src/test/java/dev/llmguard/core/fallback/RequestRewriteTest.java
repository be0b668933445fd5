package dev.llmguard.core.fallback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.core.body.ModelField;
import dev.llmguard.core.http.RequestInfo;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestRewriteTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String rewritten(String json, String model) {
        byte[] out = ModelField.rewrite(utf8(json), model);
        return out == null ? null : new String(out, StandardCharsets.UTF_8);
    }

    @Test
    void onlyTheTopLevelModelsBytesChange() {
        String json = "{\"messages\":[{\"model\":\"inner\",\"content\":\"caf\\u00e9 \u00e9 \\\"q\\\"\"}],\r\n"
                + "\t\"model\" :  \"gpt-4o\" , \"metadata\":{\"model\":\"x\"},\"max_tokens\":5 }";
        assertThat(rewritten(json, "gpt-4o-mini")).isEqualTo(json.replace("\"gpt-4o\"", "\"gpt-4o-mini\""));
        assertThat(rewritten("{\"model\":\"a\\u002db\"}", "c")).isEqualTo("{\"model\":\"c\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"model\":\"a\",\"model\":\"b\"}",
        "{\"model\":5}",
        "{\"messages\":[]}",
        "{\"model\":\"a\"",
        "{\"model\":\"a\"} {}",
        "[{\"model\":\"a\"}]",
        "not json",
        ""
    })
    void anythingButOneCompleteObjectWithOneStringModelIsLeftAlone(String json) {
        assertThat(rewritten(json, "b")).isNull();
    }

    @Test
    void aGeminiPathGetsTheOtherModelAndKeepsItsMethod() {
        assertThat(RequestRewrite.pathForModel("/v1beta/models/gemini-2.5-pro:generateContent", "gemini-2.0-flash"))
                .isEqualTo("/v1beta/models/gemini-2.0-flash:generateContent");
        assertThat(RequestRewrite.pathForModel("/v1/models/m:streamGenerateContent", "n")).isEqualTo("/v1/models/n:streamGenerateContent");
        assertThat(RequestRewrite.pathForModel("/v1/chat/completions", "n")).isNull();
        assertThat(RequestRewrite.pathForModel("/v1/models/m:generateContent", "a/b")).isNull();
    }

    @Test
    void aOneShotBodyIsNeverRewritten() {
        RequestInfo oneShot = RequestInfo.builder().path("/v1/chat/completions").body(utf8("{\"model\":\"a\"}"))
                .bodyReplayable(false).build();
        assertThat(RequestRewrite.forModel(oneShot, true, "b")).isNull();
        RequestInfo replayable = RequestInfo.builder().path("/v1/chat/completions").body(utf8("{\"model\":\"a\"}")).build();
        RequestInfo to = RequestRewrite.forModel(replayable, true, "bb");
        assertThat(new String(to.body(), StandardCharsets.UTF_8)).isEqualTo("{\"model\":\"bb\"}");
        assertThat(to.bodyLength()).isEqualTo(14);
    }
}
