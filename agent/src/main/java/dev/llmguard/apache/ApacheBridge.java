package dev.llmguard.apache;

import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.core.loop.RetryLoop;
import dev.llmguard.instrument.AdapterClassLoader;
import dev.llmguard.log.GuardLog;
import dev.llmguard.log.InternalErrors;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where code inlined into Apache HttpClient meets the agent: {@link DoExecuteAdvice} hands each
 * call to {@link #execute}, {@link RetryExecAdvice} asks {@link #proceedOnce} whether to skip the
 * client's retry step. Only JDK types cross this boundary, because the application's HttpClient
 * classes are not visible from the agent's class loader; one adapter per copy of the client does
 * the typed work.
 *
 * <p>The guard's attempts go through the client's public {@code execute(target, request, context)}
 * on the caller's thread, so a thread-local names the request being sent as an attempt: the
 * doExecute advice lets exactly that request through, and the retry steps pass it down once.
 */
public final class ApacheBridge {
    static final String HC5_CLIENT = "org.apache.hc.client5.http.impl.classic.CloseableHttpClient";
    static final String HC4_CLIENT = "org.apache.http.impl.client.CloseableHttpClient";
    private static final String HC5_PREFIX = "org.apache.hc.client5.";
    private static final String HC5_ADAPTER_PACKAGE = "dev.llmguard.apache.hc5.";
    private static final String HC4_ADAPTER_PACKAGE = "dev.llmguard.apache.hc4.";

    /** One guard attempt being sent on a thread: the application's request, and whether its client's retries are handed over. */
    private static final class Attempt {
        final Object request;
        final boolean withoutClientRetries;

        Attempt(Object request, boolean withoutClientRetries) {
            this.request = request;
            this.withoutClientRetries = withoutClientRetries;
        }
    }

    private static final ThreadLocal<Attempt> ATTEMPT = new ThreadLocal<Attempt>();
    private static final Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

    private static volatile RetryLoop loop;
    private static volatile GuardLog log;
    /** False in observe mode: traffic then goes out exactly as without the agent, the client's own retries included. */
    private static volatile boolean handOverRetries;
    private static volatile int maxAttempts;

    /** One adapter per copy of the client, keyed by its CloseableHttpClient class; dropped with that class. */
    private static final ClassValue<ApacheAdapter> ADAPTERS = new ClassValue<ApacheAdapter>() {
        @Override
        protected ApacheAdapter computeValue(Class<?> type) {
            boolean hc5 = type.getName().startsWith(HC5_PREFIX);
            String anchor = hc5 ? HC5_CLIENT : HC4_CLIENT;
            try {
                if (!type.getName().equals(anchor)) {
                    // the clients and exec steps of one copy share the adapter of its CloseableHttpClient
                    ClassLoader loader = type.getClassLoader() == null ? ClassLoader.getSystemClassLoader() : type.getClassLoader();
                    return ADAPTERS.get(Class.forName(anchor, false, loader));
                }
                ApacheAdapter adapter = (ApacheAdapter) AdapterClassLoader.newAdapter(type, ApacheBridge.class.getClassLoader(),
                        hc5 ? HC5_ADAPTER_PACKAGE : HC4_ADAPTER_PACKAGE, hc5 ? "Hc5Adapter" : "Hc4Adapter");
                announce(hc5 ? "Apache HttpClient 5" : "Apache HttpClient 4", hc5 ? "HttpRequestRetryStrategy" : "HttpRequestRetryHandler, ServiceUnavailableRetryStrategy");
                return adapter;
            } catch (Throwable t) {
                InternalErrors.report("loading the Apache HttpClient adapter", t);
                return ApacheAdapter.NONE;
            }
        }
    };

    private ApacheBridge() {
    }

    /** Starts guarding Apache HttpClient calls with this guard; null stops. */
    public static void activate(RequestGuard guard, GuardLog guardLog) {
        handOverRetries = guard != null && !guard.config().observeOnly();
        maxAttempts = guard == null ? 0 : guard.config().retry().maxAttempts();
        log = guardLog;
        loop = guard == null ? null : new RetryLoop(guard);
    }

    /**
     * Called by advice inlined into {@code doExecute}: the guarded call's final response, or null
     * to let the method run (the agent is off, the request is an attempt the guard is sending, or
     * it could not be read).
     *
     * @throws IOException the client's own failure on the last attempt: the application gets it
     */
    public static Object execute(Object client, Object target, Object request, Object context) throws IOException {
        RetryLoop l = loop;
        if (l == null || client == null || request == null) {
            return null;
        }
        if (isAttempt(request)) {
            return null;
        }
        ApacheAdapter adapter;
        try {
            adapter = ADAPTERS.get(client.getClass());
        } catch (Throwable t) {
            InternalErrors.report("guarding an Apache HttpClient call", t);
            return null;
        }
        return adapter.execute(l, client, target, request, context);
    }

    /**
     * Called by advice inlined into the client's retry steps: the response of one pass down the
     * rest of the chain when the step runs a guarded attempt (the guard's loop makes the retries),
     * or null to let the step run as always.
     *
     * @throws Exception what the rest of the chain threw
     */
    public static Object proceedOnce(Object exec, Object next, Object a0, Object a1, Object a2, Object a3) throws Exception {
        Object attempt = attemptWithoutClientRetries();
        if (attempt == null || exec == null || next == null) {
            return null;
        }
        ApacheAdapter adapter;
        try {
            adapter = ADAPTERS.get(exec.getClass());
        } catch (Throwable t) {
            InternalErrors.report("handing an Apache HttpClient retry to the guard", t);
            return null;
        }
        return adapter.proceedOnce(exec, attempt, next, a0, a1, a2, a3);
    }

    /**
     * The adapter is about to send {@code request} as one of the guard's attempts on this thread.
     *
     * @param guarded false for a call the guard does not own (out of scope): its client's retries stay
     * @return what {@link #endAttempt} restores (an attempt of an outer call on the same thread, or null)
     */
    public static Object beginAttempt(Object request, boolean guarded) {
        Attempt previous = ATTEMPT.get();
        ATTEMPT.set(new Attempt(request, guarded && handOverRetries));
        return previous;
    }

    public static void endAttempt(Object previous) {
        if (previous == null) {
            ATTEMPT.remove();
        } else {
            ATTEMPT.set((Attempt) previous);
        }
    }

    /** True when {@code request} is the guard's attempt being sent on this thread (the client then sends it as always). */
    static boolean isAttempt(Object request) {
        Attempt sending = ATTEMPT.get();
        return sending != null && sending.request == request;
    }

    /** The guard's attempt being sent on this thread when its client's retries are handed over, else null. */
    static Object attemptWithoutClientRetries() {
        Attempt sending = ATTEMPT.get();
        return sending != null && sending.withoutClientRetries ? sending.request : null;
    }

    /** {@code guarded} when the guard answered, else what the method returned (a helper, so that advice has no branch). */
    public static Object either(Object guarded, Object returned) {
        return guarded != null ? guarded : returned;
    }

    static void announce(String client, String retries) {
        GuardLog l = log;
        if (l == null || !ANNOUNCED.add(client)) {
            return;
        }
        l.info(client + " calls to LLM APIs are guarded; "
                + (handOverRetries ? "the client's own retries (" + retries + ") are handed over to llm-guard for them: at most "
                        + maxAttempts + " attempts each (llmguard.retry.max-attempts)"
                        : "the client keeps its own retries (" + retries + ") in observe mode"));
    }
}
