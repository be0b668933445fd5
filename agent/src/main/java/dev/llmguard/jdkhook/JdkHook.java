package dev.llmguard.jdkhook;

import dev.llmguard.log.InternalErrors;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.description.modifier.FieldManifestation;
import net.bytebuddy.description.modifier.Ownership;
import net.bytebuddy.description.modifier.TypeManifestation;
import net.bytebuddy.description.modifier.Visibility;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.subclass.ConstructorStrategy;

/**
 * Puts the guard where a JDK class can reach it. The JDK's classes are loaded by the boot or the
 * platform class loader, which cannot see the agent's classes, so advice inlined there may only use
 * JDK types. This defines one more: a hook class with public static fields of JDK function types,
 * inside the JDK module and package of an anchor class (through a private lookup, once the module
 * opens that package to the agent), and stores the guard's entries in its fields. Nothing of the
 * agent's relocated libraries becomes visible to the JDK or the application, and no file is written.
 */
public final class JdkHook {
    private static final Set<String> INSTALLED = new HashSet<String>();

    private final Class<?> anchor;
    private final String hookClass;
    private final Map<String, Class<?>> fieldTypes = new LinkedHashMap<String, Class<?>>();
    private final Map<String, Object> fieldValues = new HashMap<String, Object>();
    private final Set<String> openedPackages = new HashSet<String>();

    /**
     * @param anchor    a class of the package the hook joins (loaded already)
     * @param hookClass the hook's simple name; it joins the anchor's package
     */
    public JdkHook(Class<?> anchor, String hookSimpleName) {
        this.anchor = anchor;
        this.hookClass = anchor.getPackageName() + "." + hookSimpleName;
        this.openedPackages.add(anchor.getPackageName());
    }

    /** A public static volatile field of the hook, and the value the agent stores in it. */
    public JdkHook field(String name, Class<?> type, Object value) {
        fieldTypes.put(name, type);
        fieldValues.put(name, value);
        return this;
    }

    /** Another package of the anchor's module that the agent reads reflectively. */
    public JdkHook open(String packageName) {
        openedPackages.add(packageName);
        return this;
    }

    /** Defines the hook (once per JVM) and stores the values; false, with the reason reported, when that failed. */
    public boolean install(Instrumentation instrumentation, String what) {
        synchronized (INSTALLED) {
            if (INSTALLED.contains(hookClass)) {
                return true;
            }
            try {
                Module jdkModule = anchor.getModule();
                Set<Module> agent = Collections.singleton(JdkHook.class.getModule());
                Map<String, Set<Module>> opens = new HashMap<String, Set<Module>>();
                for (String p : openedPackages) {
                    opens.put(p, agent);
                }
                instrumentation.redefineModule(jdkModule, Collections.<Module>emptySet(), Collections.<String, Set<Module>>emptyMap(),
                        opens, Collections.<Class<?>>emptySet(), Collections.<Class<?>, List<Class<?>>>emptyMap());
                Class<?> hook = hookClass(MethodHandles.privateLookupIn(anchor, MethodHandles.lookup()));
                for (Map.Entry<String, Object> f : fieldValues.entrySet()) {
                    hook.getField(f.getKey()).set(null, f.getValue()); // the package is open to the agent now
                }
                INSTALLED.add(hookClass);
                return true;
            } catch (Throwable t) {
                InternalErrors.report("connecting the guard to " + what, t);
                return false;
            }
        }
    }

    private Class<?> hookClass(MethodHandles.Lookup lookup) throws IllegalAccessException {
        try {
            return Class.forName(hookClass, false, anchor.getClassLoader()); // defined by an earlier agent in this JVM
        } catch (ClassNotFoundException notYet) {
            DynamicType.Builder<Object> type = new ByteBuddy(ClassFileVersion.JAVA_V8)
                    .subclass(Object.class, ConstructorStrategy.Default.NO_CONSTRUCTORS)
                    .name(hookClass)
                    .modifiers(Visibility.PUBLIC, TypeManifestation.FINAL);
            for (Map.Entry<String, Class<?>> f : fieldTypes.entrySet()) {
                type = type.defineField(f.getKey(), f.getValue(), Visibility.PUBLIC, Ownership.STATIC, FieldManifestation.VOLATILE);
            }
            return lookup.defineClass(type.make().getBytes());
        }
    }
}
