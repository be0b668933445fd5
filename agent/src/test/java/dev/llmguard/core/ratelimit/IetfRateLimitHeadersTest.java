package dev.llmguard.core.ratelimit;

import dev.llmguard.core.http.Headers;
import dev.llmguard.core.ratelimit.RateLimitSnapshot.Dimension;
import dev.llmguard.core.ratelimit.RateLimitSnapshot.Style;
import org.junit.jupiter.api.Test;

import static dev.llmguard.core.ratelimit.RateLimitSnapshot.REMAINING;
import static dev.llmguard.core.ratelimit.RateLimitSnapshot.slot;
import static org.assertj.core.api.Assertions.assertThat;

class IetfRateLimitHeadersTest {

    private static final long NOW = 1_711_972_800_000L;

    private static RateLimitSnapshot read(SnapshotBuilder into, String... headers) {
        long wait = IetfRateLimitHeaders.read(Headers.of(headers), NOW, into);
        return into.build(wait);
    }

    @Test
    void recognisesEveryRateLimitFieldName() {
        assertThat(IetfRateLimitHeaders.isField("RateLimit")).isTrue();
        assertThat(IetfRateLimitHeaders.isField("ratelimit-policy")).isTrue();
        assertThat(IetfRateLimitHeaders.isField("RATELIMIT-RESET")).isTrue();
        assertThat(IetfRateLimitHeaders.isField("x-ratelimit-reset-tokens")).isFalse();
        assertThat(IetfRateLimitHeaders.isField("ratelimi")).isFalse();
    }

    @Test
    void joinsRateLimitWithItsPolicyByName() {
        RateLimitSnapshot s = read(new SnapshotBuilder(),
                "RateLimit-Policy", "\"tpm\";q=30000;w=60;qu=\"tokens\", \"rpm\";q=500;w=60",
                "RateLimit", "\"rpm\";r=0;t=2, \"tpm\";r=1200;t=6");
        assertThat(s.requestsLimit()).isEqualTo(500);
        assertThat(s.requestsRemaining()).isEqualTo(0);
        assertThat(s.requestsResetMillis()).isEqualTo(2000);
        assertThat(s.tokensLimit()).isEqualTo(30000);
        assertThat(s.tokensRemaining()).isEqualTo(1200);
        assertThat(s.ietfWaitMillis()).isEqualTo(2000);
        assertThat(s.style(Dimension.TOKENS)).isEqualTo(Style.IETF);
    }

    @Test
    void theSmallestPolicyQuotaIsTheLimitWhenRateLimitIsAbsent() {
        RateLimitSnapshot s = read(new SnapshotBuilder(),
                "RateLimit-Policy", "\"perday\";q=1000;w=86400, \"permin\";q=50;w=60");
        assertThat(s.requestsLimit()).isEqualTo(50);
        assertThat(s.requestsRemaining()).isEqualTo(-1);
        assertThat(s.ietfWaitMillis()).isEqualTo(-1);
    }

    @Test
    void leavesDimensionsKnownFromProviderHeadersAlone() {
        SnapshotBuilder into = new SnapshotBuilder();
        into.set(slot(0, REMAINING), 7, Style.OPENAI);
        RateLimitSnapshot s = read(into, "RateLimit", "\"default\";q=10;r=0;t=30");
        assertThat(s.requestsRemaining()).isEqualTo(7);
        assertThat(s.requestsLimit()).isEqualTo(-1);
        assertThat(s.style(Dimension.REQUESTS)).isEqualTo(Style.OPENAI);
        assertThat(s.ietfWaitMillis()).isEqualTo(30000);
    }

    @Test
    void theOlderSeparateFieldsDemandAWaitOnlyWhenNothingRemains() {
        assertThat(read(new SnapshotBuilder(), "RateLimit-Limit", "100, 100;w=60", "RateLimit-Remaining", "0",
                "RateLimit-Reset", "7").ietfWaitMillis()).isEqualTo(7000);
        assertThat(read(new SnapshotBuilder(), "RateLimit-Reset", "7").ietfWaitMillis()).isEqualTo(7000);
        RateLimitSnapshot remaining = read(new SnapshotBuilder(), "RateLimit-Remaining", "3", "RateLimit-Reset", "7");
        assertThat(remaining.ietfWaitMillis()).isEqualTo(-1);
        assertThat(remaining.requestsRemaining()).isEqualTo(3);
        assertThat(remaining.requestsResetMillis()).isEqualTo(7000);
    }

    @Test
    void fieldsThatSayNothingUsableGiveNothing() {
        assertThat(read(new SnapshotBuilder(), "RateLimit", ";;;=;=", "RateLimit-Policy", ",,,"))
                .isSameAs(RateLimitSnapshot.EMPTY);
    }
}
