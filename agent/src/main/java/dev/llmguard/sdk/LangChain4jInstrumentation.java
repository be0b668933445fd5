package dev.llmguard.sdk;

import dev.llmguard.instrument.AdvisedType;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.instrument.TypeInstrumentation;
import dev.llmguard.log.GuardLog;
import java.lang.instrument.Instrumentation;
import java.util.Collections;
import java.util.List;

/** Hands LangChain4j's retry loop (1.x: {@code RetryUtils.RetryPolicy}) to the guard; see {@link LangChain4jHandover}. */
public final class LangChain4jInstrumentation implements TypeInstrumentation {
    static final String RETRY_POLICY = "dev.langchain4j.internal.RetryUtils$RetryPolicy";

    @Override
    public List<String> typeNames() {
        return Collections.singletonList(RETRY_POLICY);
    }

    @Override
    public void activate(RequestGuard guard, GuardLog log) {
        LangChain4jHandover.activate(log, guard.config().retry().maxAttempts());
    }

    @Override
    public void apply(AdvisedType type, Instrumentation instrumentation) {
        type.advise(named("withRetry").and(takesArguments(2)).and(takesArgument(1, int.class)), LangChain4jRetryAdvice.class);
    }
}
