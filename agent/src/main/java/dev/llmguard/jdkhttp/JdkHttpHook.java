package dev.llmguard.jdkhttp;

import dev.llmguard.jdkhook.JdkHook;
import java.lang.instrument.Instrumentation;
import java.util.function.Function;

/**
 * Puts the guard where {@code HttpClientImpl} can reach it: {@code jdk.internal.net.http.LlmGuardHook},
 * one static field of type {@link Function} defined inside the java.net.http module (see {@link JdkHook}).
 */
final class JdkHttpHook {
    /** A class of the same package that is loaded before HttpClientImpl: the private lookup's anchor. */
    private static final String ANCHOR_CLASS = "jdk.internal.net.http.HttpClientBuilderImpl";

    private JdkHttpHook() {
    }

    /** Defines the hook next to the JDK client (once) and hands it the guard's entry. */
    static void install(Instrumentation instrumentation, ClassLoader jdkLoader, Function<Object[], Object> entry) {
        Class<?> anchor;
        try {
            anchor = Class.forName(ANCHOR_CLASS, false, jdkLoader);
        } catch (ClassNotFoundException e) {
            dev.llmguard.log.InternalErrors.report("connecting the guard to java.net.http.HttpClient", e);
            return;
        }
        new JdkHook(anchor, "LlmGuardHook").field("SEND_ASYNC", Function.class, entry)
                .install(instrumentation, "java.net.http.HttpClient");
    }
}
