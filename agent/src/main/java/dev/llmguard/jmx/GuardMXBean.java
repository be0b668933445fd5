package dev.llmguard.jmx;

/** The guard as a whole, {@code dev.llmguard:type=Guard}: its settings and every quota's counters added up. */
public interface GuardMXBean {
    String getVersion();

    /** enforce or observe. */
    String getMode();

    int getQuotas();

    long getRequestsSent();

    long getSuccesses();

    long getRateLimited();

    long getRetries();

    long getLocalRefusals();

    long getFutileErrors();

    long getWaits();

    long getWaitMillisTotal();

    long getWaitMillisMax();

    long getTokensEstimated();

    long getTokensReported();

    /** Failures of the agent itself, each reported once and bypassed. */
    long getInternalErrors();
}
