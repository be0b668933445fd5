package dev.llmguard.sdk;

import net.bytebuddy.asm.Advice;

/** Advice inlined into LangChain4j's {@code RetryUtils$RetryPolicy.withRetry(Callable, int maxRetries)}. */
public final class LangChain4jRetryAdvice {
    private LangChain4jRetryAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void enter(@Advice.Origin Class<?> policy, @Advice.Argument(value = 1, readOnly = false) int maxRetries) {
        maxRetries = LangChain4jHandover.maxRetries(policy, maxRetries);
    }
}
