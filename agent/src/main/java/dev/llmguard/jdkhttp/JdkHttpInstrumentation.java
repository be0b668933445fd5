package dev.llmguard.jdkhttp;

import dev.llmguard.instrument.AdvisedType;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.core.loop.AsyncRetryLoop;
import dev.llmguard.instrument.TypeInstrumentation;
import dev.llmguard.log.GuardLog;
import java.lang.instrument.Instrumentation;
import java.util.Collections;
import java.util.List;

/**
 * Guards {@code java.net.http.HttpClient} (JDK 11+; LangChain4j's, Ollama4j's and Spring's
 * fallback transport): advice on the one private {@code HttpClientImpl.sendAsync} that
 * {@code send} and {@code sendAsync} share, so each call is guarded once, sync or async, HTTP/1.1
 * or HTTP/2. Loaded by name, and only on a JDK that has the module.
 */
public final class JdkHttpInstrumentation implements TypeInstrumentation {
    static final String CLIENT_IMPL = "jdk.internal.net.http.HttpClientImpl";

    private volatile JdkHttpGuard guard;

    @Override
    public List<String> typeNames() {
        return Collections.singletonList(CLIENT_IMPL);
    }

    @Override
    public boolean reachesAgentThroughHook() {
        return true;
    }

    @Override
    public void activate(RequestGuard requestGuard, GuardLog log) {
        guard = requestGuard == null ? null
                : new JdkHttpGuard(new AsyncRetryLoop(requestGuard), requestGuard.config().capture().maxBodyBytes());
    }

    @Override
    public void apply(AdvisedType type, Instrumentation instrumentation) {
        JdkHttpGuard g = guard;
        if (g != null) {
            JdkHttpHook.install(instrumentation, type.loader(), g);
        }
        type.advise(named("sendAsync").and(takesArguments(4)), SendAsyncAdvice.class);
    }
}
