package dev.llmguard.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.config.GuardConfig;
import dev.llmguard.config.GuardConfig.LogLevel;
import dev.llmguard.config.Limits;
import dev.llmguard.core.body.RequestBodySummary;
import dev.llmguard.core.classify.ResponseFacts;
import dev.llmguard.core.exchange.CallControl;
import dev.llmguard.core.http.Headers;
import dev.llmguard.core.http.RequestInfo;
import dev.llmguard.core.http.ResponseInfo;
import dev.llmguard.core.ratelimit.RateLimitSnapshot;
import dev.llmguard.core.throttle.Admission;
import dev.llmguard.core.throttle.LocalQuotaStore;
import dev.llmguard.core.throttle.Quota;
import dev.llmguard.core.throttle.QuotaKey;
import dev.llmguard.core.throttle.QuotaListener;
import dev.llmguard.core.throttle.Throttle;
import dev.llmguard.core.throttle.TokenEstimate;
import dev.llmguard.log.GuardLog;
import dev.llmguard.log.LogCapture;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every line {@link GuardEvents} prints, rendered from requests and responses that carry canaries
 * everywhere a secret or a prompt can be: the API key in every credential header, the prompt in the
 * request body, the provider's reply (which may echo the prompt) in error bodies and headers, and the
 * Gemini key in the query. No line may carry any of them, and each must still say what it is about.
 */
class EventLinesLeakNoSecretsTest {
    private static final String API_KEY = "sk-canary-KEY-123";
    private static final String PROMPT = "canary-prompt-text";
    private static final String REPLY = "canary-response-text";
    private static final String QUERY = "key=canary-query-key";
    private static final long NOW = 1_711_972_800_000L;

    private final LogCapture capture = LogCapture.start();
    private final GuardEvents events = new GuardEvents(log(capture));

    /** The lines in the text format; {@link EventLinesLeakNoSecretsJsonTest} renders them as JSON. */
    GuardLog log(LogCapture c) {
        return c.log(LogLevel.DEBUG);
    }

    @AfterEach
    void stopCapture() {
        capture.close();
    }

    // ---- what the canaries are put into

    private static Headers credentialHeaders() {
        return Headers.of(
                "Authorization", "Bearer " + API_KEY,
                "x-api-key", API_KEY,
                "api-key", API_KEY,
                "x-goog-api-key", API_KEY,
                "Cookie", "session=" + API_KEY,
                "X-Prompt-Echo", PROMPT);
    }

    private static RequestInfo chatRequest() {
        byte[] body = ("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}],"
                + "\"user\":\"" + API_KEY + "\"}").getBytes(StandardCharsets.UTF_8);
        return RequestInfo.builder().method("POST").host("api.openai.com").port(443).path("/v1/chat/completions")
                .query(QUERY).headers(credentialHeaders()).body(body).bodyLength(body.length).build();
    }

    private static RequestLabel chatLabel() {
        RequestInfo request = chatRequest();
        return RequestLabel.of(request, RequestBodySummary.of(request.body()), QuotaKey.of(request, "gpt-4o").keyFingerprint());
    }

    /** Gemini: the model is in the path, the key may be in the query. */
    private static RequestLabel geminiLabel() {
        byte[] body = ("{\"contents\":[{\"parts\":[{\"text\":\"" + PROMPT + "\"}]}]}").getBytes(StandardCharsets.UTF_8);
        RequestInfo request = RequestInfo.builder().method("POST").host("generativelanguage.googleapis.com").port(443)
                .path("/v1beta/models/gemini-2.0-flash:generateContent").query(QUERY).headers(credentialHeaders())
                .body(body).bodyLength(body.length).build();
        return RequestLabel.of(request, RequestBodySummary.of(body), QuotaKey.of(request, null).keyFingerprint());
    }

    /** A response: rate-limit figures and a request id worth printing, canaries in everything else. */
    private static Outcome outcome(int status, String errorBody) {
        Headers headers = Headers.of(
                "x-ratelimit-limit-requests", "500",
                "x-ratelimit-remaining-requests", "0",
                "x-ratelimit-reset-requests", "2s",
                "x-ratelimit-limit-tokens", "30000",
                "x-ratelimit-remaining-tokens", "12000",
                "x-ratelimit-reset-tokens", "36s",
                "x-request-id", "req_7f3a9c",
                "retry-after", "2",
                "set-cookie", "__cf_bm=" + API_KEY,
                "openai-organization", "org-" + REPLY,
                "x-echo", PROMPT + " " + QUERY);
        byte[] json = ("{\"choices\":[{\"message\":{\"content\":\"" + REPLY + "\"}}]}").getBytes(StandardCharsets.UTF_8);
        ResponseInfo response = new ResponseInfo(status, headers,
                errorBody == null ? null : errorBody.getBytes(StandardCharsets.UTF_8), json);
        ResponseFacts facts = ResponseFacts.read(response, NOW);
        return new Outcome(response, facts.verdict(), facts.limits());
    }

    private static String openAiError(String message, String type, String code) {
        return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":\"" + PROMPT
                + "\",\"code\":\"" + code + "\",\"echo\":\"" + API_KEY + " " + REPLY + "\"}}";
    }

    private static Outcome rateLimited() {
        return outcome(429, openAiError("Rate limit reached for gpt-4o on tokens per min (TPM): " + PROMPT + " "
                + REPLY + " Please try again in 2s.", "tokens", "rate_limit_exceeded"));
    }

    private static Outcome serverError() {
        return outcome(500, "{\"error\":{\"message\":\"The server had an error: " + REPLY + " " + PROMPT
                + "\",\"type\":\"server_error\"}}");
    }

    private static Outcome quotaExhausted() {
        return outcome(429, openAiError("You exceeded your current quota: " + REPLY, "insufficient_quota",
                "insufficient_quota"));
    }

    private static Outcome badRequest() {
        return outcome(400, openAiError("Invalid value in messages[0]: '" + PROMPT + "'", "invalid_request_error",
                "invalid_value"));
    }

    private static Outcome tooLarge() {
        return outcome(429, openAiError("Request too large for gpt-4o on tokens per min (TPM): Limit 30000, Requested"
                + " 50000. " + PROMPT, "tokens", "rate_limit_exceeded"));
    }

    private static Quota quota(String limits) {
        GuardConfig config = GuardConfig.builder().limitsDefault(Limits.parse(limits)).build();
        Throttle throttle = new Throttle(config.throttle(), new QuotaListener() {
            @Override
            public void limitsLearned(Quota quota, Limits learned, Limits effective) {
            }

            @Override
            public void paceChanged(Quota quota, double factor) {
            }
        }, LocalQuotaStore.INSTANCE);
        return throttle.quotaFor(QuotaKey.of(chatRequest(), "gpt-4o"));
    }

    // ---- rendering

    /** The lines one event printed; each checked for every canary. */
    private List<String> linesOf(Runnable event) {
        capture.clear();
        event.run();
        List<String> lines = capture.lines();
        assertThat(capture.raw()).as("every field of every line").doesNotContain(API_KEY).doesNotContain(PROMPT)
                .doesNotContain(REPLY).doesNotContain("canary-query-key").doesNotContainIgnoringCase("canary");
        for (String line : lines) {
            assertThat(line).doesNotContain(API_KEY).doesNotContain(PROMPT).doesNotContain(REPLY)
                    .doesNotContain(QUERY).doesNotContain("canary-query-key").doesNotContainIgnoringCase("canary");
        }
        return lines;
    }

    private String lineOf(Runnable event) {
        List<String> lines = linesOf(event);
        assertThat(lines).hasSize(1);
        return lines.get(0);
    }

    private static final String CHAT = "POST api.openai.com/v1/chat/completions model=gpt-4o";
    private static final String RATELIMIT =
            "; ratelimit: requests 0/500 reset 2s, tokens 12000/30000 reset 36s; request-id=req_7f3a9c";

    @Test
    void retryingARateLimit() {
        assertThat(lineOf(() -> events.retrying(chatLabel(), rateLimited(), 1, 5, 2_000, "retry-after", false)))
                .isEqualTo("WARN rate limited (429 rate_limit_exceeded): " + CHAT + " limit=tokens; attempt 1 of 5,"
                        + " retrying in 2.00 s (retry-after)" + RATELIMIT);
    }

    @Test
    void retryingAServerErrorInObserveMode() {
        assertThat(lineOf(() -> events.retrying(geminiLabel(), serverError(), 2, 3, 1_250, "backoff", true)))
                .isEqualTo("INFO server error (500 server_error): POST generativelanguage.googleapis.com"
                        + "/v1beta/models/gemini-2.0-flash:generateContent model=gemini-2.0-flash; attempt 2 of 3,"
                        + " would retry in 1.25 s (backoff) [observe mode: not retried]" + RATELIMIT);
    }

    @Test
    void givingUp() {
        assertThat(lineOf(() -> events.gaveUp(chatLabel(), rateLimited(), 5, 5, "no attempts left")))
                .isEqualTo("WARN giving up (429 rate_limit_exceeded): " + CHAT + " limit=tokens; attempt 5 of 5:"
                        + " no attempts left; the application gets the 429 response" + RATELIMIT);
    }

    @Test
    void anExhaustedQuota() {
        assertThat(lineOf(() -> events.futile(chatLabel(), quotaExhausted())))
                // limit=requests: the body names no limit, and the requests header is the exhausted one
                .isEqualTo("ERROR quota exhausted (429 insufficient_quota): " + CHAT + " limit=requests: the account's quota or"
                        + " budget is exhausted and retrying cannot help; not retried" + RATELIMIT);
    }

    @Test
    void aRefusedRequest() {
        assertThat(lineOf(() -> events.notRetryable(chatLabel(), badRequest(), 1)))
                .isEqualTo("INFO not retried (400): " + CHAT + "; attempt 1: the request itself was refused" + RATELIMIT);
        assertThat(lineOf(() -> events.notRetryable(chatLabel(), tooLarge(), 2)))
                .isEqualTo("WARN not retried (429 request too large): " + CHAT + " limit=tokens; attempt 2:"
                        + " the request itself was refused" + RATELIMIT);
    }

    /** Admission as the loop does it; with rpm=1 neither step waits: the first is granted, the second refused. */
    private static Admission admit(Quota quota) throws IOException {
        Admission a = quota.begin(TokenEstimate.NONE, 5_000, false);
        assertThat(quota.advance(a, CallControl.NONE)).isZero();
        return a;
    }

    @Test
    void aLocalRefusal() throws IOException {
        Quota quota = quota("rpm=1");
        assertThat(admit(quota).isRefused()).isFalse(); // the minute's only request
        Admission refused = admit(quota);
        assertThat(refused.isRefused()).isTrue();

        assertThat(lineOf(() -> events.refused(chatLabel(), refused, "llmguard.throttle.max-wait (" + GuardEvents.seconds(5_000) + ")", 5_000)))
                .isEqualTo("WARN refused locally (429): " + CHAT + "; waiting for the requests limit would take "
                        + GuardEvents.seconds(refused.refusalWaitMillis()) + ", more than llmguard.throttle.max-wait"
                        + " (5.00 s) or the call's timeout; the application gets a local 429 with Retry-After");
    }

    @Test
    void learnedLimits() {
        Quota quota = quota("concurrency=4");
        String fingerprint = quota.key().keyFingerprint();
        assertThat(lineOf(() -> events.limitsLearned(quota, Limits.parse("rpm=500 tpm=30000"),
                Limits.parse("rpm=450 tpm=27000 concurrency=4"))))
                .isEqualTo("INFO quota api.openai.com, api key sha256:" + fingerprint + ", model gpt-4o: learned limits"
                        + " rpm=500 tpm=30000 from the provider's headers; pacing below rpm=450 tpm=27000 concurrency=4");
    }

    @Test
    void aChangedPace() {
        Quota quota = quota("rpm=500");
        String prefix = "quota api.openai.com, api key sha256:" + quota.key().keyFingerprint() + ", model gpt-4o: ";
        String slower = "pacing at 50% of its limits after 429s that came despite pacing (another client draws on the"
                + " same quota? share it through llmguard.redis.url); rising again while requests succeed";
        assertThat(lineOf(() -> events.paceChanged(quota, 0.5))).isEqualTo("INFO " + prefix + slower);
        assertThat(lineOf(() -> events.paceChanged(quota, 0.5))).as("only the first slowdown is news")
                .isEqualTo("DEBUG " + prefix + slower);
        assertThat(lineOf(() -> events.paceChanged(quota, 1.0)))
                .isEqualTo("DEBUG " + prefix + "pacing at 100% of its limits again");
    }

    @Test
    void aRecovery() {
        assertThat(lineOf(() -> events.recovered(chatLabel(), 3, 4_321)))
                .isEqualTo("INFO recovered: " + CHAT + " succeeded on attempt 3 after 4.32 s");
    }

    @Test
    void retryingAfterAConnectionFailure() {
        IOException timeout = new SocketTimeoutException("timeout");
        assertThat(lineOf(() -> events.failureRetrying(chatLabel(), timeout, 1, 4, 500, false)))
                .isEqualTo("INFO connection failure (SocketTimeoutException: timeout): " + CHAT
                        + "; attempt 1 of 4, retrying in 0.50 s (backoff)");
        assertThat(lineOf(() -> events.failureRetrying(geminiLabel(), timeout, 1, 4, 500, true)))
                .isEqualTo("INFO connection failure (SocketTimeoutException: timeout): POST generativelanguage"
                        + ".googleapis.com/v1beta/models/gemini-2.0-flash:generateContent model=gemini-2.0-flash;"
                        + " attempt 1 of 4, would retry in 0.50 s (backoff) [observe mode: not retried]");
    }

    @Test
    void givingUpAfterAConnectionFailure() {
        assertThat(lineOf(() -> events.failureGaveUp(chatLabel(), new IOException("Connection reset"), 4, 4,
                "no attempts left")))
                .isEqualTo("WARN giving up after connection failure (IOException: Connection reset): " + CHAT
                        + "; attempt 4 of 4: no attempts left; the application gets the exception");
    }

    @Test
    void whatObserveModePacingWouldHaveDone() {
        assertThat(lineOf(() -> events.wouldWait(chatLabel(), 12_000, 10_000)))
                .isEqualTo("WARN would refuse locally (429): " + CHAT + "; waiting for the quota would take 12.00 s,"
                        + " more than llmguard.throttle.max-wait (10.00 s) [observe mode: sent]");
        assertThat(lineOf(() -> events.wouldWait(chatLabel(), 800, 10_000)))
                .isEqualTo("DEBUG would wait 0.80 s for the quota: " + CHAT + " [observe mode: sent now]");
        assertThat(linesOf(() -> events.wouldWait(chatLabel(), 0, 10_000))).as("no wait, nothing to say").isEmpty();
    }
}
