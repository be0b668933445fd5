package dev.llmguard.agent;

import dev.llmguard.log.GuardLog;
import dev.llmguard.log.InternalErrors;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The only transformer the JVM calls. It compares each class name with the short list of types the
 * agent changes and ignores every other class, so Byte Buddy (about a thousand classes, several
 * hundred milliseconds to set up) is loaded only when the first of those types is, and never in an
 * application that does not use them. Classes of a loader that cannot see the agent (no delegation
 * to the system class loader) are left unchanged, with one warning: advice calling into the agent
 * would fail there.
 */
final class OnDemandTransformer implements ClassFileTransformer {
    /** Byte Buddy's transformer, built on first need. */
    interface Factory {
        ClassFileTransformer create();
    }

    private static final ClassFileTransformer UNAVAILABLE = new ClassFileTransformer() {
        @Override
        public byte[] transform(ClassLoader l, String n, Class<?> c, ProtectionDomain d, byte[] b) {
            return null;
        }
    };

    private final Set<String> internalNames = new HashSet<String>();
    /** JDK types whose advice reaches the agent through a hook defined next to them, not through their loader. */
    private final Set<String> hookedNames = new HashSet<String>();
    private final Factory factory;
    private final GuardLog log;
    private final AtomicBoolean warnedInvisible = new AtomicBoolean();
    private volatile ClassFileTransformer delegate;

    OnDemandTransformer(Collection<String> typeNames, Collection<String> hookedTypeNames, Factory factory, GuardLog log) {
        for (String name : typeNames) {
            internalNames.add(name.replace('.', '/'));
        }
        for (String name : hookedTypeNames) {
            hookedNames.add(name.replace('.', '/'));
        }
        this.factory = factory;
        this.log = log;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (className == null || !internalNames.contains(className)) {
            return null;
        }
        try {
            if (!hookedNames.contains(className) && !seesAgent(loader)) {
                if (warnedInvisible.compareAndSet(false, true)) {
                    log.warn(className.replace('/', '.') + " in class loader " + loader + " cannot see the agent's classes"
                            + " (the loader does not delegate to the system class loader); it is left unchanged and its calls are not guarded");
                }
                return null;
            }
            return delegate().transform(loader, className, classBeingRedefined, protectionDomain, classfileBuffer);
        } catch (Throwable t) {
            InternalErrors.report("instrumenting " + className.replace('/', '.'), t);
            return null;
        }
    }

    /** Retransforms the listed types that were loaded before the agent (dynamic attach). */
    void retransformLoaded(Instrumentation instrumentation) {
        List<Class<?>> loaded = new ArrayList<Class<?>>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (internalNames.contains(c.getName().replace('.', '/')) && instrumentation.isModifiableClass(c)) {
                loaded.add(c);
            }
        }
        if (loaded.isEmpty()) {
            return;
        }
        if (!instrumentation.isRetransformClassesSupported()) {
            log.warn("this JVM cannot retransform classes; OkHttp clients that exist already are not guarded");
            return;
        }
        for (Class<?> c : loaded) {
            try {
                instrumentation.retransformClasses(c);
            } catch (Throwable t) {
                InternalErrors.report("retransforming " + c.getName(), t);
            }
        }
    }

    private ClassFileTransformer delegate() {
        ClassFileTransformer d = delegate;
        if (d == null) {
            synchronized (this) {
                d = delegate;
                if (d == null) {
                    try {
                        long start = System.nanoTime();
                        d = factory.create();
                        log.debug("Byte Buddy set up in " + (System.nanoTime() - start) / 1_000_000 + " ms, on first use");
                    } catch (Throwable t) {
                        d = UNAVAILABLE; // set up once; a failure is not retried on every class
                        delegate = d;
                        InternalErrors.report("setting up Byte Buddy", t);
                    }
                    delegate = d;
                }
            }
        }
        return d;
    }

    private static boolean seesAgent(ClassLoader loader) {
        if (loader == null) {
            return false;
        }
        try {
            return Class.forName(LlmGuardAgent.class.getName(), false, loader) == LlmGuardAgent.class;
        } catch (Throwable t) {
            return false;
        }
    }
}
