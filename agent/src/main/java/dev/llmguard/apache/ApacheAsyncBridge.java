package dev.llmguard.apache;

import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.core.loop.AsyncRetryLoop;
import dev.llmguard.instrument.AdapterClassLoader;
import dev.llmguard.log.InternalErrors;

/**
 * Where code inlined into Apache HttpClient 5's async client meets the agent:
 * {@link AsyncDoExecuteAdvice} hands each call to {@link #execute}, {@link RetryExecAdvice.Hc5Async}
 * asks {@link #proceedOnce} whether to skip the client's async retry step. Only JDK types cross
 * this boundary; one adapter per copy of the client does the typed work.
 *
 * <p>The guard's attempts go through the client's public {@code execute}, whose request producer
 * and request head {@link ApacheBridge#beginAttempt} names on the sending thread, so the same
 * thread-local as for the classic client lets the attempt through {@code doExecute} and past the
 * retry step (the chain runs down to the connection lease on the thread that sends the request).
 */
public final class ApacheAsyncBridge {
    static final String CLIENT = "org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient";
    /** Defines {@code hc5.async} in a loader of its own; the classic {@code hc5} classes it uses come along. */
    private static final String ADAPTER_PACKAGE = "dev.llmguard.apache.hc5.";

    private static volatile AsyncRetryLoop loop;

    /** One adapter per copy of the client, keyed by its CloseableHttpAsyncClient class; dropped with that class. */
    private static final ClassValue<ApacheAsyncAdapter> ADAPTERS = new ClassValue<ApacheAsyncAdapter>() {
        @Override
        protected ApacheAsyncAdapter computeValue(Class<?> type) {
            try {
                if (!type.getName().equals(CLIENT)) {
                    // the clients and exec steps of one copy share the adapter of its CloseableHttpAsyncClient
                    ClassLoader loader = type.getClassLoader() == null ? ClassLoader.getSystemClassLoader() : type.getClassLoader();
                    return ADAPTERS.get(Class.forName(CLIENT, false, loader));
                }
                ApacheAsyncAdapter adapter = (ApacheAsyncAdapter) AdapterClassLoader.newAdapter(type,
                        ApacheAsyncBridge.class.getClassLoader(), ADAPTER_PACKAGE, "async.Hc5AsyncAdapter");
                ApacheBridge.announce("Apache HttpClient 5 async", "HttpRequestRetryStrategy");
                return adapter;
            } catch (Throwable t) {
                InternalErrors.report("loading the Apache HttpClient 5 async adapter", t);
                return ApacheAsyncAdapter.NONE;
            }
        }
    };

    private ApacheAsyncBridge() {
    }

    /** Starts guarding async calls with this guard; null stops. ({@link ApacheBridge#activate} sets the log and mode.) */
    public static void activate(RequestGuard guard) {
        loop = guard == null ? null : new AsyncRetryLoop(guard);
    }

    /**
     * Called by advice inlined into {@code doExecute}: the Future of the guarded call, or null to
     * let the method run (the agent is off, the call is an attempt the guard is sending, or it is
     * not the guard's). Never throws: the adapter reports its own failures and lets the call through.
     */
    public static Object execute(Object client, Object target, Object producer, Object consumer, Object pushHandlerFactory,
                                 Object context, Object callback) {
        AsyncRetryLoop l = loop;
        if (l == null || client == null || producer == null || consumer == null || ApacheBridge.isAttempt(producer)) {
            return null;
        }
        try {
            return ADAPTERS.get(client.getClass()).execute(l, client, target, producer, consumer, pushHandlerFactory, context, callback);
        } catch (Throwable t) {
            InternalErrors.report("guarding an Apache HttpClient 5 async call", t);
            return null;
        }
    }

    /**
     * Called by advice inlined into {@code AsyncHttpRequestRetryExec.execute}: true when the step ran
     * a guarded attempt straight down the chain (the guard's loop makes the retries), false to let
     * the step run as always.
     *
     * @throws Exception what the rest of the chain threw
     */
    public static boolean proceedOnce(Object exec, Object request, Object entityProducer, Object scope, Object chain,
                                      Object callback) throws Exception {
        Object attempt = ApacheBridge.attemptWithoutClientRetries();
        if (attempt == null || exec == null || chain == null) {
            return false;
        }
        ApacheAsyncAdapter adapter;
        try {
            adapter = ADAPTERS.get(exec.getClass());
        } catch (Throwable t) {
            InternalErrors.report("handing an Apache HttpClient 5 async retry to the guard", t);
            return false;
        }
        return adapter.proceedOnce(attempt, request, entityProducer, scope, chain, callback);
    }
}
