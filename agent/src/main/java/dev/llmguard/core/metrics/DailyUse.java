package dev.llmguard.core.metrics;

import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * A quota's requests and tokens on the current UTC day (providers' per-day limits reset at a fixed
 * time of day; UTC midnight is the common one), and the budget alerts that fired on it: each
 * threshold at most once a day.
 */
public final class DailyUse {
    private final BudgetAlerts alerts;
    private final QuotaStats quota;
    private LocalDate day;
    private long requests;
    private long tokens;
    private int alerted;

    DailyUse(BudgetAlerts alerts, QuotaStats quota) {
        this.alerts = alerts;
        this.quota = quota;
    }

    void requests(int n, long requestsPerDayLimit) {
        int[] thresholds = alerts.percents();
        int crossed = 0; // bit i: thresholds[i] reached by these requests
        long used;
        synchronized (this) {
            roll();
            long before = requests;
            requests += n;
            used = requests;
            for (int i = 0; i < thresholds.length && requestsPerDayLimit > 0; i++) {
                long mark = (requestsPerDayLimit * thresholds[i] + 99) / 100; // the first request at or past the share
                if (before < mark && used >= mark && (alerted & (1 << i)) == 0) {
                    alerted |= 1 << i;
                    crossed |= 1 << i;
                }
            }
        }
        for (int i = 0; i < thresholds.length; i++) {
            if ((crossed & (1 << i)) != 0) {
                alerts.reached(quota, thresholds[i], used, requestsPerDayLimit);
            }
        }
    }

    synchronized void tokens(long n) {
        roll();
        tokens += n;
    }

    public synchronized long requests() {
        roll();
        return requests;
    }

    public synchronized long tokens() {
        roll();
        return tokens;
    }

    /** The UTC day counted, e.g. 2026-12-02. */
    public synchronized String day() {
        roll();
        return day.toString();
    }

    private void roll() {
        LocalDate now = LocalDate.now(alerts.clock().withZone(ZoneOffset.UTC));
        if (!now.equals(day)) {
            day = now;
            requests = 0;
            tokens = 0;
            alerted = 0;
        }
    }
}
