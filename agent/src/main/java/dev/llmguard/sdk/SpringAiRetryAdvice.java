package dev.llmguard.sdk;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Advice inlined at the end of Spring AI's {@code RetryUtils} static initializer, which may still set its final fields. */
public final class SpringAiRetryAdvice {
    private SpringAiRetryAdvice() {
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Origin Class<?> retryUtils,
                            @Advice.FieldValue(value = "DEFAULT_RETRY_TEMPLATE", readOnly = false, typing = Assigner.Typing.DYNAMIC)
                            Object template) {
        template = SpringAiHandover.defaultTemplate(retryUtils, template);
    }
}
