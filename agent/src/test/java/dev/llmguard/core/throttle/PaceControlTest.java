package dev.llmguard.core.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PaceControlTest {
    private static final long S = TimeUnit.SECONDS.toNanos(1);

    @Test
    void halvesOnARateLimitAtMostOnceASecondDownToTheFloor() {
        PaceControl pace = new PaceControl();
        assertThat(pace.onRateLimited(0)).isTrue();
        assertThat(pace.factor()).isEqualTo(0.5);
        assertThat(pace.onRateLimited(S / 2)).isFalse();
        assertThat(pace.factor()).isEqualTo(0.5);
        long t = S;
        for (int i = 0; i < 10; i++) {
            pace.onRateLimited(t);
            t += S;
        }
        assertThat(pace.factor()).isEqualTo(PaceControl.FLOOR);
    }

    @Test
    void climbsBackByFivePercentASecondWhileRequestsSucceed() {
        PaceControl pace = new PaceControl();
        pace.onRateLimited(0);
        assertThat(pace.onSuccess(S / 2)).as("not within a second of the change").isFalse();
        assertThat(pace.onSuccess(2 * S)).isTrue();
        assertThat(pace.factor()).isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-9));
        for (long t = 3 * S; t < 30 * S; t += S) {
            pace.onSuccess(t);
        }
        assertThat(pace.factor()).isEqualTo(1.0);
        assertThat(pace.onSuccess(31 * S)).as("nothing to raise").isFalse();
    }
}
