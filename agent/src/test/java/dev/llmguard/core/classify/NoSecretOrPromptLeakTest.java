package dev.llmguard.core.classify;

import dev.llmguard.core.body.RequestBodySummary;
import dev.llmguard.core.body.ResponseUsage;
import dev.llmguard.core.http.Headers;
import dev.llmguard.core.http.ResponseInfo;
import dev.llmguard.core.ratelimit.RateLimitSnapshot;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Places a canary credential in every header and a canary prompt in every body field, then checks
 * that no string the core returns (other than the parsed provider message) carries either.
 */
class NoSecretOrPromptLeakTest {

    private static final String SECRET = "sk-CANARYSECRET0123456789";
    private static final String PROMPT = "CANARYPROMPT_please_summarise_my_medical_record";
    private static final long NOW = 1_711_972_800_000L;

    private static Headers poisonedHeaders() {
        return Headers.of(
                "authorization", "Bearer " + SECRET,
                "x-api-key", SECRET,
                "api-key", SECRET,
                "x-goog-api-key", SECRET,
                "set-cookie", "session=" + SECRET,
                "retry-after", SECRET,
                "retry-after-ms", SECRET,
                "x-ms-retry-after-ms", SECRET,
                "x-should-retry", SECRET,
                "x-ratelimit-limit-requests", SECRET,
                "x-ratelimit-remaining-requests", "0",
                "x-ratelimit-reset-requests", SECRET,
                "x-ratelimit-remaining-tokens", SECRET,
                "x-ratelimit-reset-tokens", "1s" + SECRET,
                "anthropic-ratelimit-tokens-reset", SECRET,
                "anthropic-ratelimit-tokens-remaining", "0",
                "RateLimit", "\"" + SECRET + "\";r=0;t=" + SECRET + ", " + SECRET + "=" + SECRET,
                "RateLimit-Policy", "\"" + SECRET + "\";q=" + SECRET + ";qu=\"" + SECRET + "\"",
                "RateLimit-Reset", SECRET);
    }

    private static List<String> poisonedBodies() {
        List<String> bodies = new ArrayList<>();
        bodies.add("{\"error\":{\"message\":\"" + PROMPT + " Please try again in 2s\",\"type\":\"tokens\",\"param\":\""
                + PROMPT + "\",\"code\":\"rate_limit_exceeded\",\"extra\":{\"echo\":\"" + PROMPT + "\"}}}");
        bodies.add("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"" + PROMPT + "\","
                + "\"details\":{\"error_code\":\"" + PROMPT + " x\"}},\"request_id\":\"" + SECRET + "\"}");
        bodies.add("{\"error\":{\"code\":429,\"message\":\"" + PROMPT + "\",\"status\":\"" + PROMPT + " y\","
                + "\"details\":[{\"violations\":[{\"quotaId\":\"" + PROMPT + " z\",\"quotaMetric\":\"" + PROMPT + "\"}]},"
                + "{\"retryDelay\":\"" + PROMPT + "\"}]}}");
        bodies.add("{\"error\":{\"message\":\"m\",\"type\":\"insufficient_quota\",\"code\":\"" + PROMPT + "\\n\"}}");
        bodies.add("{\"message\":\"" + PROMPT + "\",\"type\":\"" + PROMPT + "\\u0000\",\"code\":\"" + PROMPT + " \"}");
        bodies.add("{\"error\":\"" + PROMPT + "\"}");
        bodies.add(PROMPT);
        bodies.add("{\"error\":{\"message\":\"" + PROMPT);
        return bodies;
    }

    private static void assertClean(String what, String s) {
        if (s == null) {
            return;
        }
        assertThat(s).as(what).doesNotContain("CANARY");
    }

    @Test
    void classificationOutputsCarryNoCanary() {
        // Every wait header holds the canary, so none gives a wait; only the first body's message
        // ("Please try again in 2s") does. A success response's verdict never carries a wait.
        ServerWait fromMessage = ServerWait.of(2_000, "message");
        List<String> bodies = poisonedBodies();
        for (int status : new int[] {400, 401, 408, 429, 500, 503, 529, 200}) {
            for (String body : bodies) {
                ResponseInfo response = ResponseInfo.of(status, poisonedHeaders(), body);
                ResponseFacts facts = ResponseFacts.read(response, NOW);
                assertClean("facts", facts.toString());
                Verdict v = facts.verdict();
                assertClean("reason", v.reason());
                assertClean("limitType", v.limitType());
                assertClean("verdict", v.toString());
                assertClean("wait source", v.serverWait().source());
                assertClean("wait", v.serverWait().toString());
                boolean waitInBody = body.equals(bodies.get(0));
                assertThat(v.serverWait()).as(status + " " + body)
                        .isEqualTo(waitInBody && status != 200 ? fromMessage : ServerWait.NONE);

                ErrorBody e = ErrorBody.parse(response.errorBody());
                RateLimitSnapshot snapshot = RateLimitSnapshot.parse(response.headers(), NOW);
                ServerWait w = ServerWaitParser.parse(response, NOW, e, snapshot);
                assertClean("wait", w.toString());
                assertThat(w).as(status + " " + body).isEqualTo(waitInBody ? fromMessage : ServerWait.NONE);

                assertClean("type", e.type());
                assertClean("code", e.code());
                assertClean("status", e.status());
                assertClean("detailsErrorCode", e.detailsErrorCode());
                assertClean("quotaIds", e.quotaIds().toString());
                assertClean("errorBody", e.toString());

                assertClean("describe", snapshot.describe());
                assertClean("snapshot", snapshot.toString());
                for (RateLimitSnapshot.Dimension d : RateLimitSnapshot.Dimension.values()) {
                    assertClean("resetSource", snapshot.resetSource(d));
                }
            }
        }
    }

    @Test
    void theProviderMessageIsKeptOnlyAsAParsedField() {
        ErrorBody e = ErrorBody.parse(poisonedBodies().get(0).getBytes(StandardCharsets.UTF_8));
        assertThat(e.message()).contains(PROMPT);
        assertThat(e.toString()).doesNotContain("CANARY");
    }

    @Test
    void requestSummaryCarriesNoCanary() {
        String[] requests = {
            "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}],\"user\":\""
                    + SECRET + "\",\"api_key\":\"" + SECRET + "\"}",
            "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT,
            "{\"contents\":[{\"parts\":[{\"text\":\"" + PROMPT + "\"}]}],\"generationConfig\":{\"stopSequences\":[\""
                    + PROMPT + "\"]}}",
            "{\"model\":\"claude\",\"system\":\"" + PROMPT + "\",\"metadata\":{\"user_id\":\"" + SECRET + "\"}}",
            "{\"model\":{\"name\":\"" + PROMPT + "\"},\"input\":\"" + PROMPT + "\"}",
        };
        // the model where it is a plain string, never a canary from a field that is not the model
        String[] models = {"gpt-4o", "gpt-4o", null, "claude", null};
        for (int i = 0; i < requests.length; i++) {
            RequestBodySummary s = RequestBodySummary.of(requests[i].getBytes(StandardCharsets.UTF_8));
            assertClean("summary", s.toString());
            assertThat(s.model()).as(requests[i]).isEqualTo(models[i]);
        }
        assertThat(ResponseUsage.totalTokens(("{\"usage\":{\"total_tokens\":\"" + PROMPT + "\"}}")
                .getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
    }
}
