package dev.llmguard.agent;

import dev.llmguard.instrument.AdviceTransformer;
import dev.llmguard.log.GuardLog;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;

/**
 * Installs every instrumentation: advice only (no new members, so classes that are already loaded
 * can be retransformed on attach), types chosen by name, errors reported. Byte Buddy is set up when
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
                return new AdviceTransformer(Instrumentations.ALL, instrumentation, log);
            }
        }, log);
        instrumentation.addTransformer(transformer, instrumentation.isRetransformClassesSupported());
        transformer.retransformLoaded(instrumentation);
    }
}
