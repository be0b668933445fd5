package dev.llmguard.agent;

import dev.llmguard.config.GuardConfig;
import dev.llmguard.log.GuardLog;
import java.lang.instrument.ClassFileTransformer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The agent's own cost per loaded class it does not instrument: its transformer with the real list
 * of instrumented types, asked about class names of the kinds a large application loads. (What the
 * JVM itself spends to call any transformer is measured by the class-heavy start-up benchmark.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TransformerPassOverBenchmark {
    private static final String[] NAMES = {
        "com/fasterxml/jackson/databind/deser/std/StdDeserializer", "org/springframework/web/client/RestTemplate",
        "kotlin/collections/CollectionsKt___CollectionsKt", "reactor/core/publisher/FluxFlatMap$FlatMapMain",
        "io/micrometer/core/instrument/MeterRegistry", "com/example/orders/OrderService$$SpringCGLIB$$0",
        "okhttp3/internal/connection/RealConnectionPool", "java/util/concurrent/ConcurrentHashMap$Node"};
    private static final byte[] BYTES = new byte[0];

    private final ClassFileTransformer transformer = new OnDemandTransformer(Instrumentations.typeNames(), Instrumentations.hookedTypeNames(),
            () -> {
                throw new IllegalStateException("no class in this benchmark is instrumented");
            }, GuardLog.create(GuardConfig.LogLevel.OFF));
    private int next;

    @Benchmark
    public byte[] passOver() throws Exception {
        // a fresh string, as the JVM passes each class's name: its hash is not cached yet
        String name = new String(NAMES[next++ & (NAMES.length - 1)].toCharArray());
        return transformer.transform(null, name, null, null, BYTES);
    }
}
