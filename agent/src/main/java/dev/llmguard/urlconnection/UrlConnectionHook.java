package dev.llmguard.urlconnection;

import dev.llmguard.jdkhook.JdkHook;
import dev.llmguard.log.InternalErrors;
import java.lang.instrument.Instrumentation;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Puts the guard where {@code HttpURLConnection} can reach it: {@code sun.net.www.protocol.http.LlmGuardHook}
 * inside java.base (see {@link JdkHook}), whose two fields are the advice's entry and exit. Opens
 * the packages {@link ConnectionFields} reads to the agent.
 */
final class UrlConnectionHook {
    /** A class of the hook's package that is loaded before any connection: the URL handler of {@code http:}. */
    private static final String ANCHOR_CLASS = "sun.net.www.protocol.http.Handler";

    private static volatile boolean installed;

    private UrlConnectionHook() {
    }

    /** True once the hook holds the guard's entry: only then may the advice be applied. */
    static synchronized boolean install(Instrumentation instrumentation, Function<Object[], Object> entry) {
        if (installed) {
            return true;
        }
        try {
            JdkHook hook = new JdkHook(Class.forName(ANCHOR_CLASS, false, null), "LlmGuardHook")
                    .field("ENTER", Function.class, entry)
                    .field("EXIT", BiFunction.class, (BiFunction<Object, Object, Object>) Taken::returned);
            for (String p : ConnectionFields.OPENED_PACKAGES) {
                hook.open(p);
            }
            installed = hook.install(instrumentation, "HttpURLConnection");
        } catch (ClassNotFoundException | RuntimeException e) {
            InternalErrors.report("connecting the guard to HttpURLConnection", e);
        }
        return installed;
    }
}
