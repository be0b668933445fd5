package dev.llmguard.okhttp;

import java.util.List;
import net.bytebuddy.asm.Advice;

/**
 * Advice inlined into {@code okhttp3.OkHttpClient.interceptors()}, which every call reads when it
 * builds its interceptor chain (RealCall in 3.x, 4.x and 5.x). A client built before the agent was
 * attached has no guard in its list; it gets one here. Clients built afterwards already have it
 * first, which costs one type check per call. {@code networkInterceptors()} gets the guard's send
 * counter last the same way.
 */
public final class ClientAdvice {
    private ClientAdvice() {
    }

    public static final class Interceptors {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Origin Class<?> clientType, @Advice.Return(readOnly = false) List<?> interceptors) {
            interceptors = OkHttpBridge.withGuardFirst(clientType, interceptors);
        }
    }

    public static final class NetworkInterceptors {
        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Origin Class<?> clientType, @Advice.Return(readOnly = false) List<?> interceptors) {
            interceptors = OkHttpBridge.withCounterLast(clientType, interceptors);
        }
    }
}
