package dev.llmguard.sdk;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Advice inlined into the constructors of google-genai's {@code RetryInterceptor}, which may still set its final field. */
public final class GoogleGenAiRetryAdvice {
    private GoogleGenAiRetryAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.FieldValue(value = "retryOptions", readOnly = false, typing = Assigner.Typing.DYNAMIC) Object options) {
        options = GoogleGenAiHandover.retryOptions(options);
    }
}
