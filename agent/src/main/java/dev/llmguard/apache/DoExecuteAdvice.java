package dev.llmguard.apache;

import java.io.IOException;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice inlined into {@code doExecute(target, request, context)} of Apache HttpClient's
 * {@code InternalHttpClient} and {@code MinimalHttpClient} (5.x classic and 4.x), which every
 * {@code execute} overload of {@code CloseableHttpClient}, with or without a response handler,
 * ends in: each logical call passes here once. When the guard takes the call, the method's own
 * body is skipped and the guard's final response is returned instead. Referenced by name only, so
 * the agent's loader never needs HttpClient; no branch, since the frames ProGuard computes for one
 * omit dead locals, which Byte Buddy cannot inline.
 */
public final class DoExecuteAdvice {
    private DoExecuteAdvice() {
    }

    /**
     * Not suppressed: {@link ApacheBridge#execute} reports its own failures and lets the call
     * through; what it throws is the client's own failure of the last attempt, which the
     * application must get exactly as without the agent.
     */
    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    public static Object enter(@Advice.This Object client, @Advice.Argument(0) Object target,
                               @Advice.Argument(1) Object request, @Advice.Argument(2) Object context) throws IOException {
        return ApacheBridge.execute(client, target, request, context);
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Enter Object guarded,
                            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
        returned = ApacheBridge.either(guarded, returned);
    }
}
