package dev.llmguard.core.ratelimit;

import dev.llmguard.core.http.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitDescriptionTest {

    private static final long NOW = 1_711_972_800_000L;

    @ParameterizedTest(name = "{0} ms -> {1}")
    @CsvSource({"0, 0ms", "450, 450ms", "1000, 1s", "1200, 1.2s", "1050, 1.05s", "1005, 1.005s", "6000, 6s",
        "59999, 59.999s", "60000, 1m0s", "90500, 1m30s", "17016314, 4h43m36s", "90000000, 1d1h0m0s"})
    void formatsDurationsCompactly(long millis, String text) {
        StringBuilder sb = new StringBuilder("reset ");
        RateLimitDescription.appendDuration(sb, millis);
        assertThat(sb).hasToString("reset " + text);
    }

    @Test
    void namesEachKnownDimensionWithRemainingOverLimitAndReset() {
        RateLimitSnapshot s = RateLimitSnapshot.parse(Headers.of(
                "anthropic-ratelimit-tokens-limit", "80000",
                "anthropic-ratelimit-requests-remaining", "4",
                "anthropic-ratelimit-output-tokens-reset", "2024-04-01T12:01:30Z"), NOW);
        assertThat(RateLimitDescription.of(s)).isEqualTo("requests 4/?, tokens ?/80000, output-tokens reset 1m30s");
    }

    @Test
    void anIetfWaitAloneIsDescribedAsAWait() {
        // a policy in a unit no dimension tracks gives a wait but no dimension values
        RateLimitSnapshot s = RateLimitSnapshot.parse(Headers.of("RateLimit", "\"x\";qu=\"bytes\";r=0;t=3"), NOW);
        assertThat(s.ietfWaitMillis()).isEqualTo(3000);
        assertThat(RateLimitDescription.of(s)).isEqualTo("wait 3s");
    }

    @Test
    void nothingKnownIsEmpty() {
        assertThat(RateLimitDescription.of(RateLimitSnapshot.EMPTY)).isEmpty();
    }
}
