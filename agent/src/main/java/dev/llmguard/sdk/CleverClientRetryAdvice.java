package dev.llmguard.sdk;

import net.bytebuddy.asm.Advice;

/** Advice inlined into cleverclient's {@code RetryConfig.getMaxAttempts()}. */
public final class CleverClientRetryAdvice {
    private CleverClientRetryAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Return(readOnly = false) int attempts) {
        attempts = CleverClientHandover.maxAttempts(attempts);
    }
}
