package dev.llmguard.log;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's own failures. The request that hit one goes through unguarded; the failure is
 * counted and reported once per place. In strict mode (for tests) it is rethrown instead, so a
 * bug cannot hide behind the suppression.
 */
public final class InternalErrors {
    private static final ConcurrentMap<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();
    private static volatile GuardLog log;
    private static volatile boolean strict;

    private InternalErrors() {
    }

    public static void configure(GuardLog guardLog, boolean strictMode) {
        log = guardLog;
        strict = strictMode;
    }

    public static boolean strict() {
        return strict;
    }

    /** Counts and reports; rethrows in strict mode. */
    public static void report(String where, Throwable t) {
        AtomicLong count = COUNTS.computeIfAbsent(where, k -> new AtomicLong());
        if (count.incrementAndGet() == 1) {
            String line = "internal error in " + where + " (the request went through unguarded; reported once): " + t;
            GuardLog l = log;
            if (l != null) {
                l.error(line);
            } else {
                System.err.println(GuardLog.NAME + ": " + line);
            }
        }
        if (strict) {
            throw new IllegalStateException("llm-guard strict mode: internal error in " + where, t);
        }
    }

    public static long total() {
        long sum = 0;
        for (AtomicLong c : COUNTS.values()) {
            sum += c.get();
        }
        return sum;
    }
}
