package dev.llmguard.core.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.config.GuardConfig;
import dev.llmguard.config.Limits;
import dev.llmguard.core.events.GuardEvents;
import dev.llmguard.core.exchange.CallControl;
import dev.llmguard.core.http.Headers;
import dev.llmguard.core.http.RequestInfo;
import dev.llmguard.core.http.ResponseInfo;
import dev.llmguard.core.metrics.QuotaStats;
import dev.llmguard.core.throttle.Admission;
import dev.llmguard.log.GuardLog;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the policy counts per quota, as the MBeans show it. */
class GuardStatsCountingTest {
    private static final byte[] BODY = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}"
            .getBytes(StandardCharsets.UTF_8);

    private final RequestGuard guard = new RequestGuard(GuardConfig.builder().retryBaseDelayMillis(100).retryMaxDelayMillis(400)
            .limitsDefault(Limits.parse("rpm=600 rpd=1000")).build(), new GuardEvents(GuardLog.create(GuardConfig.LogLevel.OFF)));

    private GuardedRequest request(String apiKey) {
        return guard.start(RequestInfo.builder().method("POST").host("api.openai.com").path("/v1/chat/completions")
                .headers(Headers.of("authorization", "Bearer " + apiKey)).body(BODY).bodyLength(BODY.length).build());
    }

    private static void answer(GuardedRequest r, int status, String... headers) {
        r.countSends(1);
        r.onResponse(ResponseInfo.of(status, Headers.of(headers)), CallControl.NONE, Admission.FREE);
    }

    @Test
    void countsSendsAnswersRetriesAndWaitsPerQuota() {
        GuardedRequest r = request("sk-one");
        answer(r, 429, "retry-after-ms", "200", "x-ratelimit-remaining-requests", "0", "x-ratelimit-remaining-tokens", "5000");
        r.countSends(1);
        r.onFailure(new ConnectException("refused"), CallControl.NONE);
        answer(r, 200, "content-type", "application/json", "x-ratelimit-remaining-requests", "41");
        request("sk-two"); // another key: another quota

        QuotaStats one = stats("sk-one");
        assertThat(one.requestsSent()).isEqualTo(3);
        assertThat(one.successes()).isEqualTo(1);
        assertThat(one.rateLimited()).isEqualTo(1);
        assertThat(one.rateLimitedByRequests()).isEqualTo(1);
        assertThat(one.retries()).isEqualTo(2);
        assertThat(one.waits()).isEqualTo(2);
        assertThat(one.waitMillisMax()).isBetween(200L, 400L);
        assertThat(one.remainingRequests()).isEqualTo(41);
        assertThat(one.remainingTokens()).isEqualTo(5000);
        assertThat(one.tokensEstimated()).isPositive();
        assertThat(one.today().requests()).isEqualTo(3);
        assertThat(one.live().limits()).containsExactly(600, -1, 1000, -1);
        assertThat(one.live().limitSources()).containsExactly("configured", "none", "configured", "none");
        assertThat(guard.stats().all()).hasSize(2);
        assertThat(stats("sk-two").requestsSent()).isZero();
    }

    private QuotaStats stats(String apiKey) {
        return guard.stats().all().stream()
                .filter(s -> s.keyFingerprint().equals(dev.llmguard.core.throttle.QuotaKey.of(RequestInfo.builder()
                        .headers(Headers.of("authorization", "Bearer " + apiKey)).build(), null).keyFingerprint()))
                .findFirst().orElseThrow(AssertionError::new);
    }
}
