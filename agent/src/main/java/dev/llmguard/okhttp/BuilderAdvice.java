package dev.llmguard.okhttp;

import net.bytebuddy.asm.Advice;

/**
 * Advice inlined into {@code okhttp3.OkHttpClient$Builder}. Referenced by name only, so the
 * agent's loader never needs OkHttp. Covers {@code new OkHttpClient()}, {@code new Builder()...build()}
 * and {@code client.newBuilder()...build()}, the last of which copies the interceptors of the
 * client it starts from: the guard is deduplicated and kept first.
 */
public final class BuilderAdvice {
    private BuilderAdvice() {
    }

    public static final class AfterConstructor {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object builder) {
            OkHttpBridge.onBuilder(builder);
        }
    }

    public static final class BeforeBuild {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        public static void enter(@Advice.This Object builder) {
            OkHttpBridge.onBuilder(builder);
        }
    }
}
