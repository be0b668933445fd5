package dev.llmguard.instrument;

import dev.llmguard.log.GuardLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.pool.TypePool;

/**
 * Adds each instrumentation's advice to its types with Byte Buddy's decorating type writer: the
 * class's own methods are rewritten in place and nothing is added, so classes already loaded can be
 * retransformed. It is given only the types the instrumentations name, so it needs none of
 * AgentBuilder's matching, listeners and locks, whose set-up cost the agent's start-up several
 * hundred milliseconds in a cold JVM.
 */
public final class AdviceTransformer implements ClassFileTransformer {
    /**
     * Byte Buddy's switch that keeps it off {@code sun.misc.Unsafe}, under the relocated name only the
     * agent's copy reads. Its injector is never used here (advice only; the hooks are defined through
     * method handles), and touching Unsafe makes JDK 24+ print a deprecation warning into the
     * application's output.
     */
    private static final String BYTE_BUDDY_SAFE_MODE = ByteBuddy.class.getPackage().getName() + ".safe";

    private final Map<String, TypeInstrumentation> byTypeName = new HashMap<String, TypeInstrumentation>();
    private final Instrumentation instrumentation;
    private final GuardLog log;
    private final ByteBuddy byteBuddy;

    public AdviceTransformer(List<TypeInstrumentation> instrumentations, Instrumentation instrumentation, GuardLog log) {
        for (TypeInstrumentation i : instrumentations) {
            for (String name : i.typeNames()) {
                byTypeName.put(name, i);
            }
        }
        this.instrumentation = instrumentation;
        this.log = log;
        if (System.getProperty(BYTE_BUDDY_SAFE_MODE) == null) {
            System.setProperty(BYTE_BUDDY_SAFE_MODE, "true");
        }
        // advice only ever goes on a type's declared methods: the full method graph (every super type
        // read and resolved through the pool) was half of the type writer's time in a cold JVM
        this.byteBuddy = new ByteBuddy().with(TypeValidation.DISABLED).with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);
    }

    /** Errors are the caller's to report; the class then stays as it was. */
    @Override
    public byte[] transform(ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        String name = internalName.replace('/', '.');
        TypeInstrumentation instrumentation = byTypeName.get(name);
        if (instrumentation == null) {
            return null;
        }
        // the bytes being loaded come first: the loader cannot define or reread a class it is defining
        ClassFileLocator locator = new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of(name, classfileBuffer), ClassFileLocator.ForClassLoader.of(loader));
        TypePool pool = new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(), locator, TypePool.Default.ReaderMode.FAST);
        TypeDescription type = pool.describe(name).resolve();
        AdvisedType advised = new AdvisedType(type, loader, byteBuddy.decorate(type, locator), locator);
        instrumentation.apply(advised, this.instrumentation);
        if (!advised.advised()) {
            return null;
        }
        byte[] bytes = advised.builder().make().getBytes();
        log.debug("instrumented " + name + (classBeingRedefined != null ? " (retransformed)" : ""));
        return bytes;
    }
}
