package dev.llmguard.instrument;

import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.log.GuardLog;
import java.lang.instrument.Instrumentation;
import java.util.List;

/**
 * One client's instrumentation: the types it changes (by name: the agent hands Byte Buddy no
 * other class), the advice it adds to them, and how it meets the guard. The installer walks the
 * list in {@code dev.llmguard.agent.Instrumentations}; adding a client is one more entry there.
 */
public interface TypeInstrumentation {
    /** Every type {@link #apply} changes, by binary name. */
    List<String> typeNames();

    /**
     * Adds this instrumentation's advice to {@code type}, one of {@link #typeNames}, as it loads or
     * is retransformed; a type given no advice stays as it is.
     */
    void apply(AdvisedType type, Instrumentation instrumentation);

    /** Hands the instrumentation the guard its advice calls into, before any type is transformed. */
    void activate(RequestGuard guard, GuardLog log);

    /**
     * True for JDK classes, whose class loader cannot see the agent: their advice reaches the guard
     * through a hook defined next to them, so they are instrumented all the same.
     */
    default boolean reachesAgentThroughHook() {
        return false;
    }
}
