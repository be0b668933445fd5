package dev.llmguard.sdk;

import dev.llmguard.instrument.AdvisedType;
import static net.bytebuddy.matcher.ElementMatchers.declaresField;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.instrument.TypeInstrumentation;
import dev.llmguard.log.GuardLog;
import java.lang.instrument.Instrumentation;
import java.util.Collections;
import java.util.List;

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
    public void apply(AdvisedType type, Instrumentation instrumentation) {
        if (declaresField(named("retryOptions")).matches(type.type())) {
            type.advise(isConstructor(), GoogleGenAiRetryAdvice.class);
        }
    }
}
