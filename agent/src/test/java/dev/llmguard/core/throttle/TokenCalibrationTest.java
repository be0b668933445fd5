package dev.llmguard.core.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TokenCalibrationTest {
    private final TokenCalibration calibration = new TokenCalibration();

    @Test
    void chargesTheEstimateAsItIsUntilAResponseTells() {
        assertThat(calibration.factor()).isEqualTo(1.0);
        assertThat(calibration.cost(TokenEstimate.of(123, 45))).isEqualTo(168);
    }

    @Test
    void theFirstResponseSetsTheFactorAndLaterOnesMoveItMostOfTheWayAtOnce() {
        assertThat(calibration.observe(400, 800)).isTrue();
        assertThat(calibration.factor()).isEqualTo(2.0);
        assertThat(calibration.cost(TokenEstimate.of(101, 7))).as("prompt rounded up, output unscaled").isEqualTo(202 + 7);
        calibration.observe(400, 400);
        calibration.observe(400, 400);
        calibration.observe(400, 400);
        assertThat(calibration.factor()).as("three responses at 1.0 after one at 2.0").isCloseTo(1.07, within(0.01));
        assertThat(calibration.samples()).isEqualTo(4);
    }

    @Test
    void largerRequestsWeighMoreThanSmallOnes() {
        calibration.observe(10_000, 5_000);
        calibration.observe(100, 300);
        assertThat(calibration.factor()).as("the first halved, as every older sample is").isCloseTo((5_000 * 0.5 + 300) / (10_000 * 0.5 + 100), within(0.001));
    }

    @Test
    void smallPromptsAndMissingCountsAreNoSample() {
        assertThat(calibration.observe(TokenCalibration.MIN_SAMPLE_TOKENS - 1, 1_000)).isFalse();
        assertThat(calibration.observe(1_000, -1)).isFalse();
        assertThat(calibration.factor()).isEqualTo(1.0);
        assertThat(calibration.samples()).isZero();
    }

    @Test
    void theFactorStaysWithinBoundsWhateverAResponseSays() {
        calibration.observe(1_000, 1_000_000_000L);
        assertThat(calibration.factor()).isEqualTo(TokenCalibration.MAX_FACTOR);
        TokenCalibration other = new TokenCalibration();
        other.observe(1_000, 0);
        assertThat(other.factor()).isEqualTo(TokenCalibration.MIN_FACTOR);
        assertThat(calibration.cost(TokenEstimate.of(Long.MAX_VALUE / 2, Long.MAX_VALUE / 2))).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void reportsOnlyChangesOfATenthOrMore() {
        assertThat(calibration.observe(1_000, 1_050)).as("5%").isFalse();
        assertThat(calibration.observe(1_000, 1_400)).as("now about 1.27").isTrue();
        assertThat(calibration.observe(1_000, 1_300)).as("about 1.29: no news").isFalse();
    }
}
