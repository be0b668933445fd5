package jdk.internal.net.http;

import java.util.function.Function;

/**
 * Compile-time stand-in, never shipped: the agent defines a class of this name and shape inside
 * the JDK's java.net.http module at run time (dev.llmguard.jdkhttp.JdkHttpHook), where advice
 * inlined into {@code HttpClientImpl} can see it, which the agent's own classes it cannot.
 */
public final class LlmGuardHook {
    /** The guard's entry for {@code sendAsync}: arguments in, the guarded future out, or null to go on unguarded. */
    public static volatile Function<Object[], Object> SEND_ASYNC;

    private LlmGuardHook() {
    }
}
