package dev.llmguard.it.bench;

import dev.llmguard.it.apps.BenchClientApp;
import dev.llmguard.it.apps.ClassHeavyApp;
import dev.llmguard.it.apps.OpenAiSdkApp;
import dev.llmguard.it.apps.StartupApp;
import dev.llmguard.it.bench.StartupComparison.Launch;
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
 * with and without the agent (rounds alternate between the two JVMs, after a warm-up), the bytes
 * allocated per call, the heap the agent holds with 100 quotas, the jar's size, and start-up times
 * (to a tiny program's first line and first OkHttp response, the same after loading thousands of
 * classes first, and to the OpenAI SDK's first answer) without an agent, with a no-op agent and
 * with llm-guard (see {@link StartupComparison}).
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
            Path noopAgent = NoopAgent.writeJar(Paths.get("target", "bench", "noop-agent.jar"));
            startup(server, noopAgent, md);
            classHeavy(server, noopAgent, md);
            sdkFirstCall(server, noopAgent, md);
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

    private static void startup(FixedResponseServer server, Path noopAgent, StringBuilder md) throws Exception {
        String url = server.url("/v1/chat/completions");
        StartupComparison c = StartupComparison.run(STARTUPS, ChildJvm.agentJar(), noopAgent,
                agent -> okHttpCommand(agent, StartupApp.class.getName(), url), "STARTED", "FIRST_RESPONSE");
        double added = c.median(Launch.LLM_GUARD, "FIRST_RESPONSE") - c.median(Launch.WITHOUT, "FIRST_RESPONSE");
        md.append(StartupComparison.header("Start-up, a tiny OkHttp program", STARTUPS))
                .append(c.row("JVM start to the application's first line", "STARTED", "(none)", null))
                .append(c.row("JVM start to the first OkHttp response", "FIRST_RESPONSE", "<= +100 ms", added <= 100))
                .append('\n');
        System.out.println(c.describe("STARTED"));
        System.out.println(c.describe("FIRST_RESPONSE"));
    }

    /**
     * Thousands of classes the agent does not instrument (Jackson, Kotlin, Reactor, Micrometer,
     * Spring's web module, from the SDK class path the build writes) loaded before the first OkHttp
     * call: the transformer's cost per class it passes over, and the start-up to that first response.
     */
    private static void classHeavy(FixedResponseServer server, Path noopAgent, StringBuilder md) throws Exception {
        List<String> jars = new ArrayList<>();
        for (String jar : sdkClasspath()) {
            String name = Paths.get(jar).getFileName().toString();
            if (name.matches("(jackson-|kotlin-stdlib-1|kotlin-reflect|reactor-core|micrometer-core|spring-web-|spring-messaging|antlr4-runtime).*")) {
                jars.add(jar);
            }
        }
        String url = server.url("/v1/chat/completions");
        String jarList = String.join(File.pathSeparator, jars);
        StartupComparison c = StartupComparison.run(STARTUPS, ChildJvm.agentJar(), noopAgent,
                agent -> okHttpCommand(agent, ClassHeavyApp.class.getName(), url, jarList), "LOADED ", "FIRST_RESPONSE");
        long classes = (long) c.medianField(Launch.WITHOUT, "LOADED ", 1);
        double loadWithout = c.medianField(Launch.WITHOUT, "LOADED ", 2) / 1e6;
        double loadNoop = c.medianField(Launch.NOOP_AGENT, "LOADED ", 2) / 1e6;
        double loadGuard = c.medianField(Launch.LLM_GUARD, "LOADED ", 2) / 1e6;
        double ratio = c.median(Launch.LLM_GUARD, "FIRST_RESPONSE") / c.median(Launch.WITHOUT, "FIRST_RESPONSE");
        md.append(StartupComparison.header(String.format(Locale.ROOT, "Class-heavy start-up, %,d classes loaded first", classes), STARTUPS))
                .append(String.format(Locale.ROOT, "| loading the classes (timed by the program) | %.0f ms | %.0f ms (%+.0f ms) | %.0f ms | %+.0f ms (%.0f ns per class) | %+.0f ms | (none) |%n",
                        loadWithout, loadNoop, loadNoop - loadWithout, loadGuard, loadGuard - loadWithout,
                        (loadGuard - loadWithout) * 1e6 / classes, loadGuard - loadNoop))
                .append(c.row("JVM start to the first OkHttp response", "FIRST_RESPONSE", "<= +5%", ratio <= 1.05))
                .append('\n');
        System.out.println(c.describe("LOADED "));
        System.out.println(c.describe("FIRST_RESPONSE"));
    }

    /** The OpenAI SDK as its documentation shows it: build a client and make one call, from JVM start to its answer. */
    private static void sdkFirstCall(FixedResponseServer server, Path noopAgent, StringBuilder md) throws Exception {
        List<String> cp = new ArrayList<>();
        cp.add(ChildJvm.testClasses());
        cp.addAll(sdkClasspath());
        StartupComparison c = StartupComparison.run(STARTUPS, ChildJvm.agentJar(), noopAgent, agent -> {
            List<String> cmd = new ArrayList<>();
            cmd.add(StartupComparison.java().toString());
            cmd.addAll(agent);
            Collections.addAll(cmd, "-cp", String.join(File.pathSeparator, cp), OpenAiSdkApp.class.getName(),
                    "baseUrl=" + server.url("/v1"), "modes=sync");
            return cmd;
        }, "CALL 0 ok");
        double added = c.median(Launch.LLM_GUARD, "CALL 0 ok") - c.median(Launch.WITHOUT, "CALL 0 ok");
        md.append(StartupComparison.header("The OpenAI SDK", STARTUPS))
                .append(c.row("JVM start to the first answer of a client built as documented", "CALL 0 ok", "<= +150 ms", added <= 150))
                .append('\n');
        System.out.println(c.describe("CALL 0 ok"));
    }

    private static List<String> sdkClasspath() throws IOException {
        Path classpath = Paths.get(System.getProperty("llmguard.it.libs", "target/libs"), "sdk-latest.classpath");
        return List.of(new String(Files.readAllBytes(classpath), StandardCharsets.UTF_8).trim().split(File.pathSeparator));
    }

    /** A program of the test classes on OkHttp 4, with the given agent options. */
    private static List<String> okHttpCommand(List<String> agentOptions, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(StartupComparison.java().toString());
        cmd.addAll(agentOptions);
        List<String> cp = new ArrayList<>();
        cp.add(ChildJvm.testClasses());
        cp.addAll(OkHttpVersion.OKHTTP_4.jars());
        cmd.add("-cp");
        cmd.add(String.join(File.pathSeparator, cp));
        cmd.add(mainClass);
        Collections.addAll(cmd, args);
        return cmd;
    }

    private static List<String> command(boolean agent, String mainClass) {
        return okHttpCommand(agent ? List.of("-javaagent:" + ChildJvm.agentJar()) : List.of(), mainClass);
    }

    private static double median(List<Double> values) {
        return StartupComparison.median(values);
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
