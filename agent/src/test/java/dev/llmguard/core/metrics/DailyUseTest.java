package dev.llmguard.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A quota's use today and its budget alerts: each threshold once a day, at the request that reaches it. */
class DailyUseTest {
    private final List<String> alerts = new ArrayList<>();
    private Instant now = Instant.parse("2026-12-02T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final GuardStats stats = new GuardStats(new BudgetAlerts(new int[] {70, 90},
            (quota, percent, used, limit, day) -> alerts.add(percent + "% " + used + "/" + limit + " " + day), clock));

    @Test
    void eachThresholdFiresOnceAtTheRequestThatReachesIt() {
        QuotaStats quota = stats.forQuota("api.openai.com", "abc", "gpt-4o");
        for (int i = 1; i <= 6; i++) {
            quota.sent(1, 10);
        }
        assertThat(alerts).isEmpty();
        quota.sent(1, 10);
        assertThat(alerts).containsExactly("70% 7/10 2026-12-02");
        quota.sent(1, 10);
        quota.sent(1, 10);
        assertThat(alerts).containsExactly("70% 7/10 2026-12-02", "90% 9/10 2026-12-02");
        for (int i = 0; i < 5; i++) {
            quota.sent(1, 10); // past the limit: nothing more today
        }
        assertThat(alerts).hasSize(2);
        assertThat(quota.today().requests()).isEqualTo(14);
        assertThat(quota.requestsSent()).isEqualTo(14);
    }

    @Test
    void aNewUtcDayStartsFromZeroAndAlertsAgain() {
        QuotaStats quota = stats.forQuota("api.openai.com", "abc", "gpt-4o");
        quota.sent(8, 10);
        assertThat(alerts).containsExactly("70% 8/10 2026-12-02");
        now = Instant.parse("2026-12-03T00:00:01Z");
        assertThat(quota.today().requests()).isZero();
        quota.sent(10, 10); // one attempt re-sent inside itself can cross both at once
        assertThat(alerts).containsExactly("70% 8/10 2026-12-02", "70% 10/10 2026-12-03", "90% 10/10 2026-12-03");
        assertThat(quota.requestsSent()).as("the counters since start go on").isEqualTo(18);
    }

    @Test
    void withoutADailyLimitNothingFires() {
        QuotaStats quota = stats.forQuota("api.openai.com", "abc", "gpt-4o");
        quota.sent(1000, -1);
        assertThat(alerts).isEmpty();
        assertThat(quota.today().requests()).isEqualTo(1000);
    }
}
