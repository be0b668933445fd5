package dev.llmguard.apache;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice inlined into the retry steps of Apache HttpClient's exec chain: HC5's
 * {@code HttpRequestRetryExec} ({@code DefaultHttpRequestRetryStrategy}: 429 and 503 once,
 * honouring Retry-After, and I/O failures of idempotent requests) and HC4's {@code RetryExec}
 * ({@code HttpRequestRetryHandler}) and {@code ServiceUnavailableRetryExec}
 * ({@code ServiceUnavailableRetryStrategy}, when configured).
 *
 * <p>For an attempt of a guarded call the step is skipped: the rest of the chain runs once and the
 * guard's loop makes every retry. That is why the adapters count no network sends: with the retry
 * step out of the way one attempt reaches the server once (redirects and authentication
 * challenges aside, which go to another URL or carry what the server asked for), and the guard
 * sees every 429 itself, so it honours its wait, pauses the quota, stops on cancel and bounds the
 * call by {@code llmguard.retry.max-attempts}. Counting below the retry step instead would leave
 * the client sleeping through its own Retry-After waits inside one attempt, out of the guard's
 * sight. Calls out of scope, and every call in observe mode, keep the client's retries.
 */
public final class RetryExecAdvice {
    private RetryExecAdvice() {
    }

    /** HC5: {@code execute(request, scope, chain)}. Not suppressed: what it throws is the chain's own failure. */
    public static final class Hc5 {
        private Hc5() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        public static Object enter(@Advice.This Object exec, @Advice.Argument(0) Object request,
                                   @Advice.Argument(1) Object scope, @Advice.Argument(2) Object chain) throws Exception {
            return ApacheBridge.proceedOnce(exec, chain, request, scope, null, null);
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Enter Object proceeded,
                                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
            returned = ApacheBridge.either(proceeded, returned);
        }
    }

    /**
     * HC5 async: {@code AsyncHttpRequestRetryExec.execute(request, entityProducer, scope, chain, callback)},
     * which retries by scheduling the request again on the client's own timer (the same strategy:
     * 429 and 503, I/O failures). Skipped for the guard's attempts: the chain proceeds once and the
     * guard's asynchronous loop makes every retry. Not suppressed: what it throws is the chain's own failure.
     */
    public static final class Hc5Async {
        private Hc5Async() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        public static boolean enter(@Advice.This Object exec, @Advice.Argument(0) Object request,
                                    @Advice.Argument(1) Object entityProducer, @Advice.Argument(2) Object scope,
                                    @Advice.Argument(3) Object chain, @Advice.Argument(4) Object callback) throws Exception {
            return ApacheAsyncBridge.proceedOnce(exec, request, entityProducer, scope, chain, callback);
        }
    }

    /** HC4: {@code execute(route, request, context, execAware)}; both steps hold the next one in {@code requestExecutor}. */
    public static final class Hc4 {
        private Hc4() {
        }

        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        public static Object enter(@Advice.This Object exec, @Advice.FieldValue("requestExecutor") Object next,
                                   @Advice.Argument(0) Object route, @Advice.Argument(1) Object request,
                                   @Advice.Argument(2) Object context, @Advice.Argument(3) Object execAware) throws Exception {
            return ApacheBridge.proceedOnce(exec, next, route, request, context, execAware);
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        public static void exit(@Advice.Enter Object proceeded,
                                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
            returned = ApacheBridge.either(proceeded, returned);
        }
    }
}
