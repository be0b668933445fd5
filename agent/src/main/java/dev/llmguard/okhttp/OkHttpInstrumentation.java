package dev.llmguard.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.instrument.AdvisedType;
import dev.llmguard.instrument.TypeInstrumentation;
import dev.llmguard.log.GuardLog;
import java.lang.instrument.Instrumentation;

/**
 * Adds the guard's interceptor to every OkHttpClient (OkHttp 3.14, 4.x and 5.x): in the Builder, for
 * clients built while the agent is active, and in {@code OkHttpClient.interceptors()}, for clients
 * built before a dynamic attach. {@code RealCall.enqueue} and {@code cancel} put asynchronous calls
 * on the core's asynchronous loop.
 */
public final class OkHttpInstrumentation implements TypeInstrumentation {
    /** Every type {@link #apply} changes; the agent hands no other class to Byte Buddy. */
    static final List<String> TYPE_NAMES = Collections.unmodifiableList(Arrays.asList(
            "okhttp3.OkHttpClient$Builder", "okhttp3.OkHttpClient", "okhttp3.RealCall", "okhttp3.internal.connection.RealCall"));

    @Override
    public List<String> typeNames() {
        return TYPE_NAMES;
    }

    @Override
    public void activate(RequestGuard guard, GuardLog log) {
        OkHttpBridge.activate(guard);
    }

    @Override
    public void apply(AdvisedType type, Instrumentation instrumentation) {
        if (type.name().equals("okhttp3.OkHttpClient$Builder")) {
            type.advise(isConstructor(), BuilderAdvice.AfterConstructor.class)
                    .advise(named("build").and(takesArguments(0)), BuilderAdvice.BeforeBuild.class);
        } else if (type.name().equals("okhttp3.OkHttpClient")) {
            type.advise(named("interceptors").and(takesArguments(0)), ClientAdvice.Interceptors.class)
                    .advise(named("networkInterceptors").and(takesArguments(0)), ClientAdvice.NetworkInterceptors.class);
        } else { // RealCall, in either package
            type.advise(named("enqueue").and(takesArguments(1)), CallAdvice.Enqueue.class)
                    .advise(named("cancel").and(takesArguments(0)), CallAdvice.Cancel.class);
        }
    }
}
