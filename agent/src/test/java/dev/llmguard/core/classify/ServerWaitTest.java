package dev.llmguard.core.classify;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerWaitTest {

    @Test
    void noneIsUnknownWithZeroMillis() {
        assertThat(ServerWait.NONE.isKnown()).isFalse();
        assertThat(ServerWait.NONE.millis()).isZero();
        assertThat(ServerWait.NONE.source()).isEqualTo("none");
        assertThat(ServerWait.NONE.toString()).isEqualTo("ServerWait[none]");
    }

    @Test
    void zeroOrNegativeOrSourcelessGivesNone() {
        assertThat(ServerWait.of(0, "retry-after")).isSameAs(ServerWait.NONE);
        assertThat(ServerWait.of(-5, "retry-after")).isSameAs(ServerWait.NONE);
        assertThat(ServerWait.of(Long.MIN_VALUE, "retry-after")).isSameAs(ServerWait.NONE);
        assertThat(ServerWait.of(5, null)).isSameAs(ServerWait.NONE);
    }

    @Test
    void clampsTo365Days() {
        assertThat(ServerWait.of(Long.MAX_VALUE, "retry-after").millis()).isEqualTo(ServerWait.MAX_MILLIS);
        assertThat(ServerWait.MAX_MILLIS).isEqualTo(365L * 86_400_000L);
        assertThat(ServerWait.of(ServerWait.MAX_MILLIS - 1, "x").millis()).isEqualTo(ServerWait.MAX_MILLIS - 1);
    }

    @Test
    void equalByMillisAndSource() {
        assertThat(ServerWait.of(1500, "retry-after-ms")).isEqualTo(ServerWait.of(1500, "retry-after-ms"))
                .hasSameHashCodeAs(ServerWait.of(1500, "retry-after-ms"))
                .isNotEqualTo(ServerWait.of(1500, "retry-after"))
                .isNotEqualTo(ServerWait.of(1501, "retry-after-ms"));
        assertThat(ServerWait.of(1500, "retry-after-ms").toString()).isEqualTo("ServerWait[1500ms from retry-after-ms]");
    }
}
