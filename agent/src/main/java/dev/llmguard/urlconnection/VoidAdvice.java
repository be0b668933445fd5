package dev.llmguard.urlconnection;

import net.bytebuddy.asm.Advice;
import sun.net.www.protocol.http.LlmGuardHook;

/** {@link ResultAdvice} for {@code connect()} and {@code disconnect()}, which return nothing. */
public final class VoidAdvice {
    private VoidAdvice() {
    }

    @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
    public static Object enter(@Advice.This Object connection, @Advice.Origin("#m") String method) {
        return LlmGuardHook.ENTER.apply(new Object[] {connection, method, null});
    }
}
