package dev.llmguard.okhttp;

import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.core.loop.AsyncRetryLoop;
import dev.llmguard.core.loop.RetryLoop;
import dev.llmguard.instrument.AdapterClassLoader;
import dev.llmguard.log.InternalErrors;
import java.util.List;

/**
 * Where code inlined into OkHttp meets the agent. Advice calls {@link #onBuilder} and
 * {@link #withGuardFirst}; the adapter reads {@link #loop()} and {@link #asyncLoop()}. Only JDK types cross
 * this boundary, because the caller's OkHttp classes are not visible from the agent's class loader.
 */
public final class OkHttpBridge {
    static final String CLIENT_CLASS = "okhttp3.OkHttpClient";
    /** Compiled against OkHttp and defined next to each copy of it (see {@link AdapterClassLoader}). */
    static final String ADAPTER_PACKAGE = "dev.llmguard.okhttp.adapter.";

    private static volatile RetryLoop loop;
    private static volatile AsyncRetryLoop asyncLoop;

    /** One adapter per copy of OkHttp, keyed by its OkHttpClient class; dropped with that class. */
    private static final ClassValue<OkHttpAdapter> ADAPTERS = new ClassValue<OkHttpAdapter>() {
        @Override
        protected OkHttpAdapter computeValue(Class<?> okHttpClass) {
            try {
                ClassLoader okHttpLoader = okHttpClass.getClassLoader();
                if (okHttpLoader == null) {
                    okHttpLoader = ClassLoader.getSystemClassLoader();
                }
                if (!okHttpClass.getName().equals(CLIENT_CLASS)) {
                    // the Builder and RealCall share the adapter of their OkHttpClient
                    return ADAPTERS.get(Class.forName(CLIENT_CLASS, false, okHttpLoader));
                }
                return (OkHttpAdapter) AdapterClassLoader.newAdapter(okHttpClass, OkHttpBridge.class.getClassLoader(),
                        ADAPTER_PACKAGE, "OkHttpGuard");
            } catch (Throwable t) {
                InternalErrors.report("loading the OkHttp adapter", t);
                return OkHttpAdapter.NONE;
            }
        }
    };

    private OkHttpBridge() {
    }

    /** Starts guarding OkHttp calls with this guard; null stops. */
    public static void activate(RequestGuard requestGuard) {
        loop = requestGuard == null ? null : new RetryLoop(requestGuard);
        asyncLoop = requestGuard == null ? null : new AsyncRetryLoop(requestGuard);
    }

    /** The loop the guard interceptor hands each call to, or null when the agent is not active. */
    public static RetryLoop loop() {
        return loop;
    }

    /** The loop {@code enqueue} calls run on, or null when the agent is not active. */
    public static AsyncRetryLoop asyncLoop() {
        return asyncLoop;
    }

    /** Called by advice inlined into {@code RealCall.enqueue}: true when the guard took the call over. */
    public static boolean enqueue(Object call, Object callback) {
        if (asyncLoop == null || call == null) {
            return false;
        }
        try {
            return adapterOf(call).enqueue(call, callback);
        } catch (Throwable t) {
            InternalErrors.report("taking over an OkHttp enqueue", t);
            return false;
        }
    }

    /** Called by advice inlined into {@code RealCall.cancel}. */
    public static void canceled(Object call) {
        if (asyncLoop == null || call == null) {
            return;
        }
        try {
            adapterOf(call).canceled(call);
        } catch (Throwable t) {
            InternalErrors.report("cancelling an OkHttp call", t);
        }
    }

    private static OkHttpAdapter adapterOf(Object call) {
        return ADAPTERS.get(call.getClass()); // RealCall shares the adapter of its OkHttpClient
    }

    /** Called by advice inlined into {@code okhttp3.OkHttpClient$Builder}: its constructors and {@code build()}. */
    public static void onBuilder(Object builder) {
        if (loop == null || builder == null) {
            return;
        }
        try {
            ADAPTERS.get(builder.getClass()).ensureGuardFirst(builder);
        } catch (Throwable t) {
            InternalErrors.report("adding the guard to an OkHttpClient", t);
        }
    }

    /**
     * Called by advice inlined into {@code okhttp3.OkHttpClient.networkInterceptors()} on every call:
     * the list as it is when the send counter is already last, otherwise a copy with it last.
     */
    public static List<?> withCounterLast(Class<?> clientClass, List<?> networkInterceptors) {
        if (loop == null || networkInterceptors == null
                || (!networkInterceptors.isEmpty() && networkInterceptors.get(networkInterceptors.size() - 1) instanceof SendCounterMarker)) {
            return networkInterceptors;
        }
        try {
            return ADAPTERS.get(clientClass).withCounterLast(networkInterceptors);
        } catch (Throwable t) {
            InternalErrors.report("adding the send counter to an OkHttpClient built before the agent started", t);
            return networkInterceptors;
        }
    }

    /**
     * Called by advice inlined into {@code okhttp3.OkHttpClient.interceptors()} on every call: the
     * list as it is when the guard is already first, otherwise a copy with the guard first.
     */
    public static List<?> withGuardFirst(Class<?> clientClass, List<?> interceptors) {
        if (loop == null || interceptors == null
                || (!interceptors.isEmpty() && interceptors.get(0) instanceof GuardMarker)) {
            return interceptors;
        }
        try {
            return ADAPTERS.get(clientClass).withGuardFirst(interceptors);
        } catch (Throwable t) {
            InternalErrors.report("adding the guard to an OkHttpClient built before the agent started", t);
            return interceptors;
        }
    }
}
