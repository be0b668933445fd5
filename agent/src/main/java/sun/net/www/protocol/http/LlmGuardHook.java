package sun.net.www.protocol.http;

import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Compile-time stand-in, never shipped: the agent defines a class of this name and shape inside
 * java.base at run time (dev.llmguard.urlconnection.UrlConnectionHook), where advice inlined into
 * {@code HttpURLConnection} can see it, which the agent's own classes it cannot.
 */
public final class LlmGuardHook {
    /** {connection, method name, arguments} in; null to run the method as it is, else what it returns instead. */
    public static volatile Function<Object[], Object> ENTER;
    /** (what ENTER returned, what the method returned) in; the value the method returns. */
    public static volatile BiFunction<Object, Object, Object> EXIT;

    private LlmGuardHook() {
    }
}
