package dev.llmguard.core.ratelimit;

import dev.llmguard.core.ratelimit.RateLimitSnapshot.Dimension;
import dev.llmguard.core.ratelimit.RateLimitSnapshot.Style;
import org.junit.jupiter.api.Test;

import static dev.llmguard.core.ratelimit.RateLimitSnapshot.LIMIT;
import static dev.llmguard.core.ratelimit.RateLimitSnapshot.REMAINING;
import static dev.llmguard.core.ratelimit.RateLimitSnapshot.slot;
import static org.assertj.core.api.Assertions.assertThat;

class SnapshotBuilderTest {

    @Test
    void nothingStoredAndNoWaitIsEmpty() {
        assertThat(new SnapshotBuilder().build(-1)).isSameAs(RateLimitSnapshot.EMPTY);
    }

    @Test
    void anIetfWaitAloneMakesAnIetfSnapshot() {
        RateLimitSnapshot s = new SnapshotBuilder().build(3000);
        assertThat(s.ietfWaitMillis()).isEqualTo(3000);
        assertThat(s.toString()).isEqualTo("RateLimitSnapshot[IETF wait 3s]");
    }

    @Test
    void anthropicWinsOverOpenAiWhichWinsOverIetf() {
        SnapshotBuilder ietf = new SnapshotBuilder();
        ietf.set(slot(2, LIMIT), 40_000, Style.IETF);
        assertThat(ietf.build(-1).toString()).isEqualTo("RateLimitSnapshot[IETF input-tokens ?/40000]");

        SnapshotBuilder openAi = new SnapshotBuilder();
        openAi.set(slot(2, LIMIT), 40_000, Style.IETF);
        openAi.set(slot(1, LIMIT), 30_000, Style.OPENAI);
        assertThat(openAi.build(-1).toString()).startsWith("RateLimitSnapshot[OPENAI");

        SnapshotBuilder all = new SnapshotBuilder();
        all.set(slot(2, LIMIT), 40_000, Style.IETF);
        all.set(slot(1, LIMIT), 30_000, Style.OPENAI);
        all.set(slot(0, REMAINING), 7, Style.ANTHROPIC);
        RateLimitSnapshot s = all.build(-1);
        assertThat(s.toString()).startsWith("RateLimitSnapshot[ANTHROPIC");
        assertThat(s.style(Dimension.REQUESTS)).isEqualTo(Style.ANTHROPIC);
        assertThat(s.style(Dimension.TOKENS)).isEqualTo(Style.OPENAI);
        assertThat(s.style(Dimension.INPUT_TOKENS)).isEqualTo(Style.IETF);
        assertThat(s.requestsRemaining()).isEqualTo(7);
        assertThat(s.requestsLimit()).isEqualTo(-1);
    }

    @Test
    void knowsWhichDimensionsHaveValues() {
        SnapshotBuilder b = new SnapshotBuilder();
        b.set(slot(3, REMAINING), 0, Style.ANTHROPIC);
        assertThat(b.isKnown(3)).isTrue();
        assertThat(b.isKnown(0)).isFalse();
    }
}
