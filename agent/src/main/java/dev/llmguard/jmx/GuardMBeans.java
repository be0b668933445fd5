package dev.llmguard.jmx;

import dev.llmguard.core.loop.AgentThreads;
import dev.llmguard.core.metrics.GuardStats;
import dev.llmguard.core.metrics.QuotaStats;
import dev.llmguard.log.InternalErrors;
import java.lang.management.ManagementFactory;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Registers the guard's MBeans on the platform MBean server, under the domain {@code dev.llmguard}:
 * {@code type=Guard} and one {@code type=Quota,host=...,model=...,key=<fingerprint>} per quota, each
 * when its first request comes (the JMX classes are not loaded before). Registration runs on a
 * daemon thread of its own, never on the request's; a failure is reported once and never reaches a
 * request.
 */
public final class GuardMBeans {
    static final String DOMAIN = "dev.llmguard";

    private final GuardStats stats;
    private final String version;
    private final String mode;
    private final ExecutorService registrar = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS,
            new LinkedBlockingQueue<Runnable>(), AgentThreads.named("llm-guard-jmx"));
    private volatile boolean guardRegistered;
    private volatile boolean failed;

    private GuardMBeans(GuardStats stats, String version, String mode) {
        this.stats = stats;
        this.version = version;
        this.mode = mode;
    }

    /** From now on every quota gets its MBean. */
    public static void install(GuardStats stats, String version, String mode) {
        GuardMBeans beans = new GuardMBeans(stats, version, mode);
        stats.addListener(s -> beans.registrar.execute(() -> beans.register(s)));
    }

    private void register(QuotaStats quota) {
        if (failed) {
            return;
        }
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (!guardRegistered) {
                ObjectName guard = new ObjectName(DOMAIN + ":type=Guard");
                if (!server.isRegistered(guard)) { // a second agent in this JVM keeps the first one's
                    server.registerMBean(new GuardBean(stats, version, mode), guard);
                }
                guardRegistered = true;
            }
            ObjectName name = quotaName(quota);
            if (!server.isRegistered(name)) {
                server.registerMBean(new QuotaBean(quota), name);
            }
        } catch (Exception | LinkageError e) {
            failed = true;
            InternalErrors.report("registering the guard's MBeans", e);
        }
    }

    static ObjectName quotaName(QuotaStats quota) throws javax.management.MalformedObjectNameException {
        return new ObjectName(DOMAIN + ":type=Quota,host=" + value(quota.host()) + ",model=" + value(quota.model())
                + ",key=" + value(quota.keyFingerprint()));
    }

    /** A value as an ObjectName takes it: quoted when it holds a character the name syntax reserves (a port's ':', a '*'). */
    static String value(String v) {
        for (int i = 0; i < v.length(); i++) {
            if (",=:\"*?\n\\".indexOf(v.charAt(i)) >= 0) {
                return ObjectName.quote(v);
            }
        }
        return v;
    }
}
