package dev.llmguard.urlconnection;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import sun.net.www.protocol.http.LlmGuardHook;

/**
 * Advice inlined into the response and request-body methods of the JDK's
 * {@code sun.net.www.protocol.http.HttpURLConnection} (and the TLS getters of its HTTPS delegate).
 * For a connection the guard has taken over, the method's own body is skipped and the guard's
 * answer returned instead; every other connection runs as it is. Only JDK types and the hook
 * defined inside java.base are referenced (see {@link UrlConnectionHook}).
 *
 * <p>No branch and no suppressed exception: the frames ProGuard computes for a branch omit dead
 * locals, which Byte Buddy cannot inline, and an exception of the guard's (an {@code IOException} of
 * the final attempt) must reach the application as the method's own would. The advice is only
 * applied once the hook is set.
 */
public final class ResultAdvice {
    private ResultAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    public static Object enter(@Advice.This Object connection, @Advice.Origin("#m") String method,
                               @Advice.AllArguments Object[] arguments) {
        return LlmGuardHook.ENTER.apply(new Object[] {connection, method, arguments});
    }

    @Advice.OnMethodExit
    public static void exit(@Advice.Enter Object taken,
                            @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
        returned = LlmGuardHook.EXIT.apply(taken, returned);
    }
}
