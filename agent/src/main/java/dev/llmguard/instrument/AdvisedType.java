package dev.llmguard.instrument;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * One type as it loads, and the advice added to it. Advice classes are read as class files from
 * the agent's jar, never described through reflection: their signatures name the instrumented
 * library's types, which the agent's own class loader may not see (a Spring Boot jar, an
 * application server), while the type's loader does.
 */
public final class AdvisedType {
    private final TypeDescription type;
    private final ClassLoader loader;
    private final TypePool advicePool;
    private final ClassFileLocator adviceLocator;
    private DynamicType.Builder<?> builder;
    private boolean advised;

    public AdvisedType(TypeDescription type, ClassLoader loader, DynamicType.Builder<?> builder, ClassFileLocator typeLocator) {
        this.type = type;
        this.loader = loader;
        this.builder = builder;
        this.adviceLocator = new ClassFileLocator.Compound(
                ClassFileLocator.ForClassLoader.of(AdvisedType.class.getClassLoader()), typeLocator);
        this.advicePool = new TypePool.Default.WithLazyResolution(new TypePool.CacheProvider.Simple(), adviceLocator, TypePool.Default.ReaderMode.FAST);
    }

    public TypeDescription type() {
        return type;
    }

    public String name() {
        return type.getName();
    }

    /** The type's class loader; null for the JDK's own classes. */
    public ClassLoader loader() {
        return loader;
    }

    /** Adds the advice of {@code adviceClass} to the methods {@code methods} matches. */
    public AdvisedType advise(ElementMatcher<? super MethodDescription> methods, Class<?> adviceClass) {
        Advice advice = Advice.to(advicePool.describe(adviceClass.getName()).resolve(), adviceLocator);
        builder = builder.visit(advice.on(methods));
        advised = true;
        return this;
    }

    /** True once any advice has been added. */
    public boolean advised() {
        return advised;
    }

    /** The type with its advice. */
    public DynamicType.Builder<?> builder() {
        return builder;
    }
}
