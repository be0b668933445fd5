package dev.llmguard.apache;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice inlined into {@code doExecute(target, producer, consumer, pushHandlerFactory, context,
 * callback)} of Apache HttpClient 5's {@code InternalAbstractHttpAsyncClient} (the clients that
 * {@code HttpAsyncClients} builds, HTTP/1.1 and HTTP/2), which every {@code execute} overload of
 * {@code CloseableHttpAsyncClient}, with producers or {@code SimpleHttpRequest}, ends in: each
 * logical call passes here once. When the guard takes the call, the method's own body is skipped
 * and the guard's Future returned instead. Referenced by name only; no branch (see
 * {@link DoExecuteAdvice}).
 */
public final class AsyncDoExecuteAdvice {
    private AsyncDoExecuteAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static Object enter(@Advice.This Object client, @Advice.Argument(0) Object target, @Advice.Argument(1) Object producer,
                               @Advice.Argument(2) Object consumer, @Advice.Argument(3) Object pushHandlerFactory,
                               @Advice.Argument(4) Object context, @Advice.Argument(5) Object callback) {
        return ApacheAsyncBridge.execute(client, target, producer, consumer, pushHandlerFactory, context, callback);
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Enter Object guarded,
                            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
        returned = ApacheBridge.either(guarded, returned);
    }
}
