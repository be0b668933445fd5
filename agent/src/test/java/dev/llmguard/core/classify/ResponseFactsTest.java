package dev.llmguard.core.classify;

import dev.llmguard.core.classify.Verdict.Kind;
import dev.llmguard.core.http.Headers;
import dev.llmguard.core.http.ResponseInfo;
import dev.llmguard.core.ratelimit.RateLimitSnapshot;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseFactsTest {

    private static final long NOW = Instant.parse("2024-04-01T12:00:00Z").toEpochMilli();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsLimitsVerdictAndUsageOfASuccess() {
        ResponseInfo ok = new ResponseInfo(200, Headers.of("x-ratelimit-limit-tokens", "30000",
                "x-ratelimit-remaining-tokens", "29000", "x-ratelimit-reset-tokens", "2s"), null,
                utf8("{\"id\":\"c1\",\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":30,\"total_tokens\":42}}"));
        ResponseFacts facts = ResponseFacts.read(ok, NOW);
        assertThat(facts.limits().tokensLimit()).isEqualTo(30000);
        assertThat(facts.limits().tokensRemaining()).isEqualTo(29000);
        assertThat(facts.verdict().kind()).isEqualTo(Kind.SUCCESS);
        assertThat(facts.verdict().serverWait()).isSameAs(ServerWait.NONE);
        assertThat(facts.usedTokens()).isEqualTo(42);
    }

    @Test
    void anErrorIsClassifiedWithTheLimitsItsHeadersGive() {
        ResponseInfo limited = ResponseInfo.of(429, Headers.of("x-ratelimit-remaining-requests", "0",
                "x-ratelimit-reset-requests", "2s"), ProviderSamples.OPENAI_429_REQUESTS);
        ResponseFacts facts = ResponseFacts.read(limited, NOW);
        assertThat(facts.limits().requestsRemaining()).isEqualTo(0);
        assertThat(facts.verdict().kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(facts.verdict().reason()).isEqualTo("rate_limit_exceeded");
        assertThat(facts.verdict().limitType()).isEqualTo("requests");
        // the exhausted dimension's reset header comes before the wait the message names
        assertThat(facts.verdict().serverWait()).isEqualTo(ServerWait.of(2000, "x-ratelimit-reset-requests"));
        assertThat(facts.usedTokens()).isEqualTo(-1);
    }

    @Test
    void noUsageWithoutAJsonBodyOrWithoutAUsageObject() {
        assertThat(ResponseFacts.read(ResponseInfo.of(200, Headers.EMPTY), NOW).usedTokens()).isEqualTo(-1);
        assertThat(ResponseFacts.read(new ResponseInfo(200, Headers.EMPTY, null, utf8("{\"id\":\"c1\"}")), NOW)
                .usedTokens()).isEqualTo(-1);
        assertThat(ResponseFacts.read(new ResponseInfo(200, Headers.EMPTY, null, utf8("{\"usage\":{\"total_")), NOW)
                .usedTokens()).isEqualTo(-1);
    }

    @Test
    void aResponseWithoutRateLimitHeadersHasEmptyLimits() {
        ResponseFacts facts = ResponseFacts.read(ResponseInfo.of(503, Headers.of("retry-after", "3")), NOW);
        assertThat(facts.limits()).isSameAs(RateLimitSnapshot.EMPTY);
        assertThat(facts.verdict().serverWait()).isEqualTo(ServerWait.of(3000, "retry-after"));
    }

    @Test
    void noResponseIsNotRetryableWithNothingKnown() {
        ResponseFacts facts = ResponseFacts.read(null, NOW);
        assertThat(facts.verdict().kind()).isEqualTo(Kind.NOT_RETRYABLE);
        assertThat(facts.verdict().reason()).isEqualTo("no response");
        assertThat(facts.limits()).isSameAs(RateLimitSnapshot.EMPTY);
        assertThat(facts.usedTokens()).isEqualTo(-1);
    }

    @Test
    void toStringShowsVerdictLimitsAndUsage() {
        ResponseInfo ok = new ResponseInfo(200, Headers.of("x-ratelimit-remaining-requests", "9"), null,
                utf8("{\"usage\":{\"total_tokens\":7}}"));
        assertThat(ResponseFacts.read(ok, NOW).toString()).isEqualTo(
                "ResponseFacts[Verdict[SUCCESS 200 status 200], RateLimitSnapshot[OPENAI requests 9/?], usedTokens=7]");
        assertThat(ResponseFacts.read(null, NOW).toString()).isEqualTo(
                "ResponseFacts[Verdict[NOT_RETRYABLE 0 no response], RateLimitSnapshot[NONE]]");
    }
}
