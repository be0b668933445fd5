package dev.llmguard.sdk;

import net.bytebuddy.asm.Advice;

/**
 * Advice inlined into the SDKs' {@code RetryingHttpClient} constructors. Referenced by name only;
 * only JDK types cross into the SDK's class. Writing the final field is allowed here because the
 * code runs inside the constructor.
 */
public final class RetryLoopAdvice {
    private RetryLoopAdvice() {
    }

    public static final class AfterConstructor {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Origin("#t") String retryingClient,
                                @Advice.FieldValue("httpClient") Object transport,
                                @Advice.FieldValue(value = "maxRetries", readOnly = false) int maxRetries) {
            maxRetries = SdkBridge.sdkMaxRetries(retryingClient, transport, maxRetries);
        }
    }
}
