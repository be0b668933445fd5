package dev.llmguard.core.metrics;

import java.time.Clock;

/**
 * The shares of a per-day budget that get a WARN line when a quota's use reaches them
 * ({@code llmguard.alerts.budget-percent}, default 70 and 90).
 */
public final class BudgetAlerts {
    /** Told once per threshold, quota and day. */
    public interface Listener {
        void budgetReached(QuotaStats quota, int percent, long used, long limit, String day);
    }

    private final int[] percents;
    private final Listener listener;
    private final Clock clock;

    /** @param percents ascending, each 1..100 */
    public BudgetAlerts(int[] percents, Listener listener, Clock clock) {
        this.percents = percents.clone();
        this.listener = listener;
        this.clock = clock;
    }

    int[] percents() {
        return percents;
    }

    Clock clock() {
        return clock;
    }

    void reached(QuotaStats quota, int percent, long used, long limit) {
        listener.budgetReached(quota, percent, used, limit, quota.today().day());
    }
}
