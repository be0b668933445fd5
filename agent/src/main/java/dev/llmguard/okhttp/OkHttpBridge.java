package dev.llmguard.okhttp;

import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.log.InternalErrors;

/**
 * Where code inlined into OkHttp meets the agent. Advice calls {@link #onBuilder}; the adapter's
 * interceptor reads {@link #guard()}. Only JDK types cross this boundary, because the caller's
 * OkHttp classes are not visible from the agent's class loader.
 */
public final class OkHttpBridge {
    private static volatile RequestGuard guard;

    private static final ClassValue<BuilderInstaller> INSTALLERS = new ClassValue<BuilderInstaller>() {
        @Override
        protected BuilderInstaller computeValue(Class<?> builderClass) {
            try {
                ClassLoader okHttpLoader = builderClass.getClassLoader();
                if (okHttpLoader == null) {
                    okHttpLoader = ClassLoader.getSystemClassLoader();
                }
                AdapterClassLoader loader = new AdapterClassLoader(okHttpLoader, OkHttpBridge.class.getClassLoader());
                Class<?> impl = Class.forName(AdapterClassLoader.ADAPTER_PACKAGE + "OkHttpGuardInstaller", true, loader);
                return (BuilderInstaller) impl.getConstructor().newInstance();
            } catch (Throwable t) {
                InternalErrors.report("loading the OkHttp adapter", t);
                return BuilderInstaller.NONE;
            }
        }
    };

    private OkHttpBridge() {
    }

    public static void activate(RequestGuard requestGuard) {
        guard = requestGuard;
    }

    /** The active guard, or null when the agent is not active. */
    public static RequestGuard guard() {
        return guard;
    }

    /** Called by advice inlined into {@code okhttp3.OkHttpClient$Builder}: its constructors and {@code build()}. */
    public static void onBuilder(Object builder) {
        if (guard == null || builder == null) {
            return;
        }
        try {
            INSTALLERS.get(builder.getClass()).ensureGuardFirst(builder);
        } catch (Throwable t) {
            InternalErrors.report("adding the guard to an OkHttpClient", t);
        }
    }
}
