package dev.llmguard.jdkhttp;

import java.util.Objects;
import jdk.internal.net.http.LlmGuardHook;
import net.bytebuddy.asm.Advice;

/**
 * Advice inlined into {@code jdk.internal.net.http.HttpClientImpl}'s private
 * {@code sendAsync(request, handler, pushPromiseHandler, executor)}, which {@code send} and both
 * public {@code sendAsync} methods end in: each logical call passes here once. When the guard takes
 * the call, the method's own body is skipped and the guard's future is returned instead. Only JDK
 * types and the hook defined next to HttpClientImpl are referenced (see {@link JdkHttpHook}).
 */
public final class SendAsyncAdvice {
    private SendAsyncAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
    public static Object enter(@Advice.This Object client, @Advice.Argument(0) Object request,
                               @Advice.Argument(1) Object handler, @Advice.Argument(2) Object pushPromiseHandler,
                               @Advice.Argument(3) Object executor) {
        // no branch: the frames ProGuard computes for a branch omit dead locals, which Byte Buddy cannot inline;
        // the hook is set before this advice can run, and were it not, the exception is suppressed (the call goes on unguarded)
        return LlmGuardHook.SEND_ASYNC.apply(new Object[] {client, request, handler, pushPromiseHandler, executor});
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Enter Object guarded,
                            @Advice.Return(readOnly = false, typing = net.bytebuddy.implementation.bytecode.assign.Assigner.Typing.DYNAMIC) Object returned) {
        returned = Objects.requireNonNullElse(guarded, returned); // branch-free too (see enter)
    }
}
