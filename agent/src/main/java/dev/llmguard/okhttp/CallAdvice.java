package dev.llmguard.okhttp;

import net.bytebuddy.asm.Advice;

/**
 * Advice inlined into OkHttp's {@code RealCall} ({@code okhttp3.RealCall} in 3.x and 4.0-4.3,
 * {@code okhttp3.internal.connection.RealCall} since): {@code enqueue} of a call in scope is taken
 * over by the core's asynchronous loop (the original method is skipped), and {@code cancel}
 * reaches the attempt in flight.
 */
public final class CallAdvice {
    private CallAdvice() {
    }

    public static final class Enqueue {
        /** @return true when the guard took the call over: OkHttp's own enqueue is then skipped */
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        public static boolean enter(@Advice.This Object call, @Advice.Argument(0) Object callback) {
            return OkHttpBridge.enqueue(call, callback);
        }
    }

    public static final class Cancel {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.This Object call) {
            OkHttpBridge.canceled(call);
        }
    }
}
