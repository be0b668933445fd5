package dev.llmguard.agent;

import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

import dev.llmguard.log.GuardLog;
import dev.llmguard.log.InternalErrors;
import dev.llmguard.instrument.TypeInstrumentation;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs every instrumentation: advice only (no new members, so classes that are already loaded
 * can be retransformed on attach), narrow name matchers, errors reported. Byte Buddy is set up when
 * the first instrumented type loads, not at start-up (see {@link OnDemandTransformer}).
 */
final class Instrumenter {
    private Instrumenter() {
    }

    static void install(final Instrumentation instrumentation, final GuardLog log) {
        OnDemandTransformer transformer = new OnDemandTransformer(Instrumentations.typeNames(),
                Instrumentations.hookedTypeNames(), new OnDemandTransformer.Factory() {
            @Override
            public ClassFileTransformer create() {
                return agentBuilder(log, instrumentation).makeRaw();
            }
        }, log);
        instrumentation.addTransformer(transformer, instrumentation.isRetransformClassesSupported());
        transformer.retransformLoaded(instrumentation);
    }

    /**
     * Byte Buddy's switch that keeps it off {@code sun.misc.Unsafe}, under the relocated name only the
     * agent's copy reads. Its injector is never used here (advice only; the hooks are defined through
     * method handles), and touching Unsafe makes JDK 24+ print a deprecation warning into the
     * application's output.
     */
    private static final String BYTE_BUDDY_SAFE_MODE = AgentBuilder.class.getPackage().getName()
            .replace(".agent.builder", "") + ".safe";

    static AgentBuilder agentBuilder(GuardLog log, Instrumentation instrumentation) {
        if (System.getProperty(BYTE_BUDDY_SAFE_MODE) == null) {
            System.setProperty(BYTE_BUDDY_SAFE_MODE, "true");
        }
        AgentBuilder builder = new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.REDEFINE)
                .with(new ErrorListener(log))
                .ignore(nameStartsWith("dev.llmguard.").or(isSynthetic()));
        for (TypeInstrumentation i : Instrumentations.ALL) {
            builder = i.apply(builder, instrumentation);
        }
        return builder;
    }

    /** Reports a class that could not be instrumented; the class stays as it was. */
    private static final class ErrorListener extends AgentBuilder.Listener.Adapter {
        private final GuardLog log;

        ErrorListener(GuardLog log) {
            this.log = log;
        }

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded, DynamicType dynamicType) {
            log.debug("instrumented " + type.getName() + (loaded ? " (retransformed)" : ""));
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable throwable) {
            InternalErrors.report("instrumenting " + typeName, throwable);
        }
    }
}
