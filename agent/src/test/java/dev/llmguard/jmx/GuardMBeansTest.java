package dev.llmguard.jmx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.core.metrics.BudgetAlerts;
import dev.llmguard.core.metrics.GuardStats;
import dev.llmguard.core.metrics.QuotaStats;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/** The MBeans as a JMX client reads them from the platform MBean server. */
class GuardMBeansTest {
    @Test
    void everyQuotaGetsItsMBeanAndTheGuardAddsThemUp() throws Exception {
        GuardStats stats = new GuardStats(new BudgetAlerts(new int[] {70}, (q, p, u, l, d) -> { }, Clock.systemUTC()));
        GuardMBeans.install(stats, "test", "enforce");
        QuotaStats a = stats.forQuota("api.openai.com", "0123456789ab", "gpt-4o");
        QuotaStats b = stats.forQuota("localhost:8080", "none", "*");
        a.sent(3, -1);
        a.answered(true, false, null, 120);
        b.sent(2, -1);
        b.answered(false, true, "tokens", 0);
        b.waited(250);

        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName nameA = new ObjectName("dev.llmguard:type=Quota,host=api.openai.com,model=gpt-4o,key=0123456789ab");
        ObjectName nameB = new ObjectName("dev.llmguard:type=Quota,host=" + ObjectName.quote("localhost:8080") + ",model=" + ObjectName.quote("*") + ",key=none");
        ObjectName guard = new ObjectName("dev.llmguard:type=Guard");
        try {
            assertRegistered(server, nameA, nameB, guard);
        } finally {
            for (ObjectName name : server.queryNames(new ObjectName("dev.llmguard:*"), null)) {
                server.unregisterMBean(name);
            }
        }
    }

    private static void assertRegistered(MBeanServer server, ObjectName nameA, ObjectName nameB, ObjectName guard) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!(server.isRegistered(nameA) && server.isRegistered(nameB)) && System.nanoTime() < deadline) {
            Thread.sleep(10); // registered on the agent's own thread
        }
        assertThat(server.getAttribute(nameA, "RequestsSent")).isEqualTo(3L);
        assertThat(server.getAttribute(nameA, "TokensReported")).isEqualTo(120L);
        assertThat(server.getAttribute(nameA, "KeyFingerprint")).isEqualTo("0123456789ab");
        assertThat(server.getAttribute(nameB, "Host")).isEqualTo("localhost:8080");
        assertThat(server.getAttribute(nameB, "RateLimitedByTokens")).isEqualTo(1L);
        assertThat(server.getAttribute(nameB, "WaitMillisMax")).isEqualTo(250L);
        assertThat(server.getAttribute(nameB, "RequestsPerMinuteLimit")).isEqualTo(-1L);
        assertThat(server.getAttribute(guard, "RequestsSent")).isEqualTo(5L);
        assertThat(server.getAttribute(guard, "Quotas")).isEqualTo(2);
        assertThat(server.getAttribute(guard, "Mode")).isEqualTo("enforce");
    }
}
