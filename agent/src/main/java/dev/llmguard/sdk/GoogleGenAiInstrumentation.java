package dev.llmguard.sdk;

import static net.bytebuddy.matcher.ElementMatchers.declaresField;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.instrument.TypeInstrumentation;
import dev.llmguard.log.GuardLog;
import java.lang.instrument.Instrumentation;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.agent.builder.AgentBuilder;

/** Hands google-genai's OkHttp retry interceptor to the guard; see {@link GoogleGenAiHandover}. */
public final class GoogleGenAiInstrumentation implements TypeInstrumentation {
    static final String RETRY_INTERCEPTOR = "com.google.genai.RetryInterceptor";

    @Override
    public List<String> typeNames() {
        return Collections.singletonList(RETRY_INTERCEPTOR);
    }

    @Override
    public void activate(RequestGuard guard, GuardLog log) {
        GoogleGenAiHandover.activate(log, guard.config().retry().maxAttempts());
    }

    @Override
    public AgentBuilder apply(AgentBuilder agentBuilder, Instrumentation instrumentation) {
        return agentBuilder
                .type(named(RETRY_INTERCEPTOR).and(declaresField(named("retryOptions"))))
                .transform(new AgentBuilder.Transformer.ForAdvice()
                        .include(GoogleGenAiInstrumentation.class.getClassLoader())
                        .advice(isConstructor(), GoogleGenAiRetryAdvice.class.getName()));
    }
}
