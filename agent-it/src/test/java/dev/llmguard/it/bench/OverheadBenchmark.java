package dev.llmguard.it.bench;

import dev.llmguard.it.apps.BenchClientApp;
import dev.llmguard.it.apps.ClassHeavyApp;
import dev.llmguard.it.apps.OpenAiSdkApp;
import dev.llmguard.it.apps.StartupApp;
import dev.llmguard.it.support.ChildJvm;
import dev.llmguard.it.support.OkHttpVersion;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What the agent costs, measured side by side in one run: per-call time against a local server
 * with and without the agent (rounds alternate between the two JVMs, after a warm-up), start-up
 * time to the application's first line and to its first OkHttp response, the same after loading
 * thousands of classes first (the cost per class the agent passes over), the bytes allocated per
 * call, the heap the agent holds with 100 quotas, and the jar's size.
 * Prints markdown tables and writes them to target/bench/overhead.md. Not a test: run it with
 * {@code mvn -B -q install -DskipTests && mvn -B -Pbench verify -pl agent-it}.
 * Settings (system properties): bench.warmup (calls, 20000), bench.rounds (10), bench.calls (per round, 20000), bench.startups (10).
 */
public final class OverheadBenchmark {
    private static final int WARMUP = Integer.getInteger("bench.warmup", 20_000);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 10);
    private static final int CALLS = Integer.getInteger("bench.calls", 20_000);
    private static final int STARTUPS = Integer.getInteger("bench.startups", 10);
    private static final int QUOTAS = 100;

    public static void main(String[] args) throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("Measured on ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(", OkHttp 4.12, loopback server answering a fixed 200; JVMs with default flags.\n\n");
        try (FixedResponseServer server = new FixedResponseServer()) {
            perCall(server, md);
            startup(server, md);
            classHeavy(server, md);
            sdkFirstCall(server, md);
        }
        long jarBytes = Files.size(ChildJvm.agentJar());
        md.append("| Jar | Size | Target |\n|---|---|---|\n")
                .append(String.format(Locale.ROOT, "| llm-guard.jar | %.2f MB | <= 5 MB %s |%n", jarBytes / 1048576.0, jarBytes <= 5L << 20 ? "(met)" : "(MISSED)"));
        System.out.println();
        System.out.println(md);
        Path out = Paths.get("target", "bench", "overhead.md");
        Files.createDirectories(out.getParent());
        Files.write(out, md.toString().getBytes(StandardCharsets.UTF_8));
        System.out.println("written to " + out.toAbsolutePath());
    }

    private static void perCall(FixedResponseServer server, StringBuilder md) throws Exception {
        String[][] paths = {{"in scope: POST /v1/chat/completions", "/v1/chat/completions"}, {"out of scope: POST /api/orders", "/api/orders"}};
        try (Client without = new Client(false); Client with = new Client(true)) {
            for (String[] p : paths) {
                without.run(WARMUP, server.url(p[1]));
                with.run(WARMUP, server.url(p[1]));
            }
            md.append("| Per call (median of ").append(ROUNDS).append(" rounds of ").append(CALLS)
                    .append(" calls) | Without agent | With agent | Added | Ratio | Best round without / with | Allocated per call without / with | Target (best rounds: <= +5 us) |\n|---|---|---|---|---|---|---|---|\n");
            for (String[] p : paths) {
                List<Double> a = new ArrayList<>();
                List<Double> b = new ArrayList<>();
                List<Double> allocA = new ArrayList<>();
                List<Double> allocB = new ArrayList<>();
                for (int r = 0; r < ROUNDS; r++) {
                    // alternate which JVM goes first, so drift in the machine's load hits both alike
                    if (r % 2 == 0) {
                        a.add(without.run(CALLS, server.url(p[1])) / 1000.0);
                        b.add(with.run(CALLS, server.url(p[1])) / 1000.0);
                    } else {
                        b.add(with.run(CALLS, server.url(p[1])) / 1000.0);
                        a.add(without.run(CALLS, server.url(p[1])) / 1000.0);
                    }
                    allocA.add(without.allocatedPerCall);
                    allocB.add(with.allocatedPerCall);
                }
                double ma = median(a);
                double mb = median(b);
                double added = mb - ma;
                // judged on the best rounds: on a shared machine the medians move by more than the cost itself
                boolean met = Collections.min(b) - Collections.min(a) <= 5;
                md.append(String.format(Locale.ROOT, "| %s | %.1f us | %.1f us | %+.1f us | %.3f | %.1f / %.1f us | %,.0f / %,.0f bytes | %s |%n",
                        p[0], ma, mb, added, mb / ma, Collections.min(a), Collections.min(b), median(allocA), median(allocB),
                        met ? "met" : "MISSED"));
                System.out.println(p[0] + " without " + a + " with " + b);
            }
            md.append('\n');
            // the same 100 keys in both JVMs: what the agent holds for 100 quotas, on top of what both hold
            String url = server.url("/v1/chat/completions");
            without.keys(QUOTAS, url);
            with.keys(QUOTAS, url);
            long heapWithout = Math.min(without.heap(), without.heap());
            long heapWith = Math.min(with.heap(), with.heap());
            double mb = (heapWith - heapWithout) / 1048576.0;
            md.append("| Heap after GC, " + QUOTAS + " API keys called | Without agent | With agent | Added | Target |\n|---|---|---|---|---|\n")
                    .append(String.format(Locale.ROOT, "| used heap | %.1f MB | %.1f MB | %+.1f MB | <= 5 MB %s |%n%n",
                            heapWithout / 1048576.0, heapWith / 1048576.0, mb, mb <= 5 ? "(met)" : "(MISSED)"));
        }
    }

    private static void startup(FixedResponseServer server, StringBuilder md) throws Exception {
        List<Double> firstLineWithout = new ArrayList<>();
        List<Double> firstLineWith = new ArrayList<>();
        List<Double> firstCallWithout = new ArrayList<>();
        List<Double> firstCallWith = new ArrayList<>();
        for (int i = 0; i < STARTUPS; i++) {
            boolean agentFirst = i % 2 == 1;
            for (int k = 0; k < 2; k++) {
                boolean agent = (k == 0) == agentFirst;
                double[] t = startOnce(agent, server.url("/v1/chat/completions"));
                (agent ? firstLineWith : firstLineWithout).add(t[0]);
                (agent ? firstCallWith : firstCallWithout).add(t[1]);
            }
        }
        md.append("| Start-up (median of ").append(STARTUPS).append(" runs) | Without agent | With agent | Added | Target |\n|---|---|---|---|---|\n");
        row(md, "JVM start to the application's first line", firstLineWithout, firstLineWith, "<= 300 ms");
        row(md, "JVM start to the first OkHttp response (the agent's instrumentation is set up on first use)", firstCallWithout, firstCallWith, "(none)");
        md.append('\n');
        System.out.println("first line without " + firstLineWithout + " with " + firstLineWith);
        System.out.println("first call without " + firstCallWithout + " with " + firstCallWith);
    }

    /**
     * Thousands of classes the agent does not instrument (Jackson, Kotlin, Reactor, Micrometer,
     * Spring's web module, from the SDK class path the build writes) loaded before the first OkHttp
     * call: the transformer's cost per class it passes over, and the start-up to that first response.
     */
    private static void classHeavy(FixedResponseServer server, StringBuilder md) throws Exception {
        List<String> jars = new ArrayList<>();
        Path classpath = Paths.get(System.getProperty("llmguard.it.libs", "target/libs"), "sdk-latest.classpath");
        for (String jar : new String(Files.readAllBytes(classpath), StandardCharsets.UTF_8).trim().split(File.pathSeparator)) {
            String name = Paths.get(jar).getFileName().toString();
            if (name.matches("(jackson-|kotlin-stdlib-1|kotlin-reflect|reactor-core|micrometer-core|spring-web-|spring-messaging|antlr4-runtime).*")) {
                jars.add(jar);
            }
        }
        String jarList = String.join(File.pathSeparator, jars);
        List<Double> loadWithout = new ArrayList<>();
        List<Double> loadWith = new ArrayList<>();
        List<Double> readyWithout = new ArrayList<>();
        List<Double> readyWith = new ArrayList<>();
        long classes = 0;
        for (int i = 0; i < STARTUPS; i++) {
            for (int k = 0; k < 2; k++) {
                boolean agent = (k == 0) == (i % 2 == 1);
                long start = System.nanoTime();
                Process p = new ProcessBuilder(command(agent, ClassHeavyApp.class.getName(), server.url("/v1/chat/completions"), jarList))
                        .redirectErrorStream(true).start();
                double ready = -1;
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.startsWith("LOADED ")) {
                            String[] f = line.split(" ");
                            classes = Long.parseLong(f[1]);
                            (agent ? loadWith : loadWithout).add(Long.parseLong(f[2]) / 1e6);
                        } else if (line.equals("FIRST_RESPONSE")) {
                            ready = (System.nanoTime() - start) / 1e6;
                        }
                    }
                }
                p.waitFor(120, TimeUnit.SECONDS);
                if (ready < 0) {
                    throw new IllegalStateException("class-heavy run printed no FIRST_RESPONSE line");
                }
                (agent ? readyWith : readyWithout).add(ready);
            }
        }
        double perClassNanos = (median(loadWith) - median(loadWithout)) * 1e6 / classes;
        double a = median(readyWithout);
        double b = median(readyWith);
        md.append("| Class-heavy start-up (").append(String.format(Locale.ROOT, "%,d", classes))
                .append(" classes loaded first; median of ").append(STARTUPS).append(" runs) | Without agent | With agent | Added | Target |\n|---|---|---|---|---|\n")
                .append(String.format(Locale.ROOT, "| loading the classes | %.0f ms | %.0f ms | %+.0f ms (%.0f ns per class) | (none) |%n",
                        median(loadWithout), median(loadWith), median(loadWith) - median(loadWithout), perClassNanos))
                .append(String.format(Locale.ROOT, "| JVM start to the first OkHttp response | %.0f ms | %.0f ms | %+.0f ms (%+.1f%%) | <= +5%% %s |%n%n",
                        a, b, b - a, (b / a - 1) * 100, b / a <= 1.05 ? "(met)" : "(MISSED)"));
        System.out.println("class-heavy load without " + loadWithout + " with " + loadWith);
        System.out.println("class-heavy ready without " + readyWithout + " with " + readyWith);
    }

    /** The OpenAI SDK as its documentation shows it: build a client and make one call, from JVM start to its answer. */
    private static void sdkFirstCall(FixedResponseServer server, StringBuilder md) throws Exception {
        Path classpath = Paths.get(System.getProperty("llmguard.it.libs", "target/libs"), "sdk-latest.classpath");
        List<String> cp = new ArrayList<>();
        cp.add(ChildJvm.testClasses());
        cp.addAll(List.of(new String(Files.readAllBytes(classpath), StandardCharsets.UTF_8).trim().split(File.pathSeparator)));
        List<Double> without = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        for (int i = 0; i < STARTUPS; i++) {
            for (int k = 0; k < 2; k++) {
                boolean agent = (k == 0) == (i % 2 == 1);
                List<String> cmd = new ArrayList<>();
                cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
                if (agent) {
                    cmd.add("-javaagent:" + ChildJvm.agentJar());
                }
                cmd.add("-cp");
                cmd.add(String.join(File.pathSeparator, cp));
                cmd.add(OpenAiSdkApp.class.getName());
                cmd.add("baseUrl=" + server.url("/v1"));
                cmd.add("modes=sync");
                long start = System.nanoTime();
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                double answered = -1;
                StringBuilder out = new StringBuilder();
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        out.append(line).append('\n');
                        if (line.startsWith("CALL 0 ok")) {
                            answered = (System.nanoTime() - start) / 1e6;
                        }
                    }
                }
                p.waitFor(120, TimeUnit.SECONDS);
                if (answered < 0) {
                    throw new IllegalStateException("the OpenAI SDK run printed no answer:\n" + out);
                }
                (agent ? with : without).add(answered);
            }
        }
        double a = median(without);
        double b = median(with);
        md.append("| OpenAI SDK (median of ").append(STARTUPS).append(" runs) | Without agent | With agent | Added | Target |\n|---|---|---|---|---|\n")
                .append(String.format(Locale.ROOT, "| JVM start to the first answer of a client built as documented | %.0f ms | %.0f ms | %+.0f ms | <= +150 ms %s |%n%n",
                        a, b, b - a, b - a <= 150 ? "(met)" : "(MISSED)"));
        System.out.println("sdk first call without " + without + " with " + with);
    }

    private static void row(StringBuilder md, String what, List<Double> without, List<Double> with, String target) {
        double a = median(without);
        double b = median(with);
        String verdict = target.startsWith("<=") ? (b - a <= 300 ? " (met)" : " (MISSED)") : "";
        md.append(String.format(Locale.ROOT, "| %s | %.0f ms | %.0f ms | %+.0f ms | %s%s |%n", what, a, b, b - a, target, verdict));
    }

    /** Milliseconds from process start to the first line and to the first response. */
    private static double[] startOnce(boolean agent, String url) throws Exception {
        Process p = new ProcessBuilder(command(agent, StartupApp.class.getName(), url)).redirectErrorStream(true).start();
        long start = System.nanoTime();
        double firstLine = -1;
        double firstCall = -1;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                double ms = (System.nanoTime() - start) / 1e6;
                if (line.equals("STARTED")) {
                    firstLine = ms;
                } else if (line.startsWith("FIRST_RESPONSE")) {
                    firstCall = ms;
                }
            }
        }
        p.waitFor(60, TimeUnit.SECONDS);
        if (firstLine < 0 || firstCall < 0) {
            throw new IllegalStateException("start-up run printed no STARTED / FIRST_RESPONSE line");
        }
        return new double[] {firstLine, firstCall};
    }

    private static List<String> command(boolean agent, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        if (agent) {
            cmd.add("-javaagent:" + ChildJvm.agentJar());
        }
        List<String> cp = new ArrayList<>();
        cp.add(ChildJvm.testClasses());
        cp.addAll(OkHttpVersion.OKHTTP_4.jars());
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, cp));
        cmd.add(mainClass);
        Collections.addAll(cmd, args);
        return cmd;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** A running {@link BenchClientApp}. */
    private static final class Client implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;
        private final Writer in;

        Client(boolean agent) throws IOException {
            process = new ProcessBuilder(command(agent, BenchClientApp.class.getName())).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            expect("READY");
        }

        /** Bytes the calling thread allocated per call in the last {@link #run}. */
        double allocatedPerCall;

        /** Nanoseconds per call over n calls. */
        double run(int n, String url) throws IOException {
            in.write("RUN " + n + " " + url + "\n");
            in.flush();
            String[] done = expect("DONE ").split(" ");
            allocatedPerCall = Long.parseLong(done[2]) / (double) n;
            return Long.parseLong(done[1]) / (double) n;
        }

        /** One call with each of n API keys. */
        void keys(int n, String url) throws IOException {
            in.write("KEYS " + n + " " + url + "\n");
            in.flush();
            expect("DONE");
        }

        /** Heap bytes in use after collecting garbage. */
        long heap() throws IOException {
            in.write("HEAP\n");
            in.flush();
            return Long.parseLong(expect("HEAP ").substring(5));
        }

        private String expect(String prefix) throws IOException {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            throw new IOException("benchmark client ended without '" + prefix + "'");
        }

        @Override
        public void close() throws IOException {
            in.write("EXIT\n");
            in.flush();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process.destroyForcibly();
        }
    }
}
