package dev.llmguard.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The budget's arithmetic on a stepped clock. */
class RetryBudgetTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /** Any start: nanoTime may be negative. */
    private static final long T0 = -7 * SECOND + 123;

    private static int retriesGranted(RetryBudget budget, int asked, long now) {
        int granted = 0;
        for (int i = 0; i < asked; i++) {
            if (budget.tryRetry(now)) {
                granted++;
            }
        }
        return granted;
    }

    @Test
    void aLoneCallerGetsTheFloorWhateverItsTraffic() {
        RetryBudget budget = new RetryBudget(20, 10);
        budget.callSent(T0);
        assertThat(retriesGranted(budget, 20, T0)).isEqualTo(10);
    }

    @Test
    void callsEarnTheirShareOnTopOfTheFloor() {
        RetryBudget budget = new RetryBudget(20, 3);
        for (int i = 0; i < 100; i++) {
            budget.callSent(T0 + i * 1000);
        }
        assertThat(retriesGranted(budget, 50, T0 + SECOND / 2)).isEqualTo(3 + 20);
    }

    @Test
    void inASustainedOutageRetriesStayNearTheShareOfCalls() {
        RetryBudget budget = new RetryBudget(20, 10);
        long sent = 0;
        long calls = 0;
        // 30 s of calls that each fail at once and want 4 retries, 50 calls a second
        for (long t = 0; t < 30 * SECOND; t += SECOND / 50) {
            budget.callSent(T0 + t);
            calls++;
            sent++;
            for (int r = 0; r < 4 && budget.tryRetry(T0 + t); r++) {
                sent++;
            }
        }
        // the floor adds 10 per 10 s window: 30 at most over 1,500 calls
        assertThat((double) sent / calls).isBetween(1.19, 1.22);
    }

    @Test
    void theWindowForgetsWhatIsTenSecondsOld() {
        RetryBudget budget = new RetryBudget(0, 2);
        assertThat(retriesGranted(budget, 5, T0)).isEqualTo(2);
        assertThat(retriesGranted(budget, 5, T0 + 9 * SECOND)).as("still inside the window").isZero();
        assertThat(retriesGranted(budget, 5, T0 + 10 * SECOND)).as("the first second has left it").isEqualTo(2);
    }

    @Test
    void callsOlderThanTheWindowEarnNothing() {
        RetryBudget budget = new RetryBudget(50, 0);
        for (int i = 0; i < 10; i++) {
            budget.callSent(T0);
        }
        assertThat(retriesGranted(budget, 3, T0 + 9 * SECOND)).isEqualTo(3);
        assertThat(budget.tryRetry(T0 + 10 * SECOND)).as("the calls have left the window").isFalse();
    }

    @Test
    void retriesTheClientMadeItselfCountAgainstTheBudget() {
        RetryBudget budget = new RetryBudget(0, 3);
        budget.retriesMade(2, T0);
        assertThat(retriesGranted(budget, 3, T0)).isEqualTo(1);
    }

    @Test
    void describesWhatWasSpentOfWhat() {
        RetryBudget budget = new RetryBudget(20, 10);
        budget.callSent(T0);
        retriesGranted(budget, 11, T0);
        assertThat(budget.describe(T0)).isEqualTo("10 retries in the last 10 s, the most allowed for 1 calls (20% + 10;"
                + " llmguard.retry.budget-percent, llmguard.retry.budget-min-retries)");
    }
}
