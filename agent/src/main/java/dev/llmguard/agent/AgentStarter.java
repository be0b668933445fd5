package dev.llmguard.agent;

import dev.llmguard.jmx.GuardMBeans;
import java.util.Locale;

import dev.llmguard.config.ConfigKeys;
import dev.llmguard.config.ConfigLoader;
import dev.llmguard.config.GuardConfig;
import dev.llmguard.config.LoadedConfig;
import dev.llmguard.core.events.GuardEvents;
import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.log.GuardLog;
import dev.llmguard.log.InternalErrors;
import dev.llmguard.instrument.TypeInstrumentation;
import java.lang.instrument.Instrumentation;

/** Reads the configuration, builds the guard and installs the instrumentation. */
final class AgentStarter {
    static final String VERSION = versionOf(AgentStarter.class);
    /** Set in a JVM the guard runs in (not an llmguard. key: those are settings). */
    static final String VERSION_PROPERTY = dev.llmguard.status.StatusCommand.VERSION_PROPERTY;

    private AgentStarter() {
    }

    static void start(String agentArgs, Instrumentation instrumentation, boolean attached) {
        LoadedConfig loaded = ConfigLoader.loadFromSystem(agentArgs);
        GuardConfig config = loaded.config();
        GuardLog log = GuardLog.create(config.log().level(), config.log().format());
        for (String problem : loaded.problems()) {
            log.warn(problem);
        }
        if (!config.enabled()) {
            log.info("llm-guard " + VERSION + " is disabled (llmguard.enabled=false); nothing is instrumented");
            return;
        }
        InternalErrors.configure(log, config.strict());
        if (!config.tenants().enabled() && !config.tenants().limits().isUnlimited()) {
            log.warn("llmguard.tenants.limits is set but llmguard.tenants.key is not: tenants are not told apart, so their limits do not apply");
        }
        RequestGuard guard = new RequestGuard(config, new GuardEvents(log), QuotaStores.create(config.redis(), log));
        for (TypeInstrumentation i : Instrumentations.ALL) {
            i.activate(guard, log);
        }
        GuardMBeans.install(guard.stats(), VERSION, config.mode().name().toLowerCase(Locale.ROOT));
        System.setProperty(VERSION_PROPERTY, VERSION); // how the status command tells a guarded JVM before its first call
        Instrumenter.install(instrumentation, log);
        log.info("llm-guard " + VERSION + " active" + (attached ? " (attached)" : "") + ": retry up to "
                + config.retry().maxAttempts() + " attempts on LLM API calls through OkHttp, Apache HttpClient"
                + (Instrumentations.hookedTypeNames().isEmpty() ? "" : ", java.net.http.HttpClient and HttpURLConnection"));
        if (log.isDebugEnabled()) {
            log.debug("configuration:\n" + loaded.describe());
        }
    }

    static String usage() {
        return "llm-guard " + VERSION + "\n" + ConfigKeys.usageText()
                + "\nTo load it into a JVM that is already running (same user; clients it built before are guarded too):\n"
                + "  java -jar llm-guard.jar attach <pid> [key=value,...]\n"
                + "What the guard of a running JVM does (quotas, limits, 429s, retries, waits):\n"
                + "  java -jar llm-guard.jar status <pid> [--watch] [--json]\n";
    }

    private static String versionOf(Class<?> c) {
        Package p = c.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "(development)" : v;
    }
}
