package dev.llmguard.jdkhttp;

import dev.llmguard.log.InternalErrors;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.description.modifier.FieldManifestation;
import net.bytebuddy.description.modifier.Ownership;
import net.bytebuddy.description.modifier.TypeManifestation;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;

/**
 * Puts the guard where {@code HttpClientImpl} can reach it. The JDK client is loaded by the platform
 * class loader, which cannot see the agent's classes, so advice inlined there may only use JDK
 * types. This class defines one more: {@code jdk.internal.net.http.LlmGuardHook}, a class with a
 * single static field of type {@link Function}, defined inside the java.net.http module (through a
 * private lookup, once the module opens that package to the agent), and stores the guard's entry
 * in it. Nothing of the agent's relocated libraries becomes visible to the JDK or the application,
 * and no file is written.
 */
final class JdkHttpHook {
    static final String HOOK_CLASS = "jdk.internal.net.http.LlmGuardHook";
    /** A class of the same package that is loaded before HttpClientImpl: the private lookup's anchor. */
    private static final String ANCHOR_CLASS = "jdk.internal.net.http.HttpClientBuilderImpl";

    private static volatile boolean installed;

    private JdkHttpHook() {
    }

    /** Defines the hook next to the JDK client (once) and hands it the guard's entry. */
    static synchronized void install(Instrumentation instrumentation, ClassLoader jdkLoader, Function<Object[], Object> entry) {
        if (installed) {
            return;
        }
        try {
            Class<?> anchor = Class.forName(ANCHOR_CLASS, false, jdkLoader);
            Module jdkModule = anchor.getModule();
            Module agentModule = JdkHttpHook.class.getModule();
            Map<String, Set<Module>> opens = Collections.singletonMap(anchor.getPackageName(), Collections.singleton(agentModule));
            instrumentation.redefineModule(jdkModule, Collections.<Module>emptySet(), Collections.<String, Set<Module>>emptyMap(),
                    opens, Collections.<Class<?>>emptySet(), Collections.<Class<?>, java.util.List<Class<?>>>emptyMap());
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(anchor, MethodHandles.lookup());
            Class<?> hook = hookClass(lookup, jdkLoader);
            hook.getField("SEND_ASYNC").set(null, entry); // the package is open to the agent now
            installed = true;
        } catch (Throwable t) {
            InternalErrors.report("connecting the guard to java.net.http.HttpClient", t);
        }
    }

    private static Class<?> hookClass(MethodHandles.Lookup lookup, ClassLoader jdkLoader) throws IllegalAccessException {
        try {
            return Class.forName(HOOK_CLASS, false, jdkLoader); // defined by an earlier agent in this JVM
        } catch (ClassNotFoundException notYet) {
            byte[] bytes = new ByteBuddy(ClassFileVersion.JAVA_V8)
                    .subclass(Object.class, ConstructorStrategy.Default.NO_CONSTRUCTORS)
                    .name(HOOK_CLASS)
                    .modifiers(Visibility.PUBLIC, TypeManifestation.FINAL)
                    .defineField("SEND_ASYNC", Function.class, Visibility.PUBLIC, Ownership.STATIC, FieldManifestation.VOLATILE)
                    .make()
                    .getBytes();
            return lookup.defineClass(bytes);
        }
    }
}
