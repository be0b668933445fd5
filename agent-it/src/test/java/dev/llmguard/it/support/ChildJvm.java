package dev.llmguard.it.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a real JVM (optionally with {@code -javaagent:} the built jar) and collects what it printed. */
public final class ChildJvm {
    private final Jdk jdk;
    private final List<String> classpath = new ArrayList<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private String agentArgs;
    private boolean withAgent = true;
    private String mainClass;
    private final List<String> args = new ArrayList<>();
    private long timeoutSeconds = 120;
    private File workingDir;

    private ChildJvm(Jdk jdk) {
        this.jdk = jdk;
    }

    public static ChildJvm on(Jdk jdk) {
        return new ChildJvm(jdk);
    }

    public static Path agentJar() {
        Path jar = Paths.get(System.getProperty("llmguard.it.agentJar", "../agent/target/llm-guard.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("agent jar not built: " + jar.toAbsolutePath());
        }
        return jar.toAbsolutePath();
    }

    /** The test classes (where the child apps live) plus the jars of one OkHttp version. */
    public ChildJvm okHttp(OkHttpVersion version) {
        classpath.add(testClasses());
        classpath.addAll(version.jars());
        return this;
    }

    public ChildJvm classpath(String entry) {
        classpath.add(entry);
        return this;
    }

    public static String testClasses() {
        return Paths.get("target", "test-classes").toAbsolutePath().toString();
    }

    public ChildJvm withoutAgent() {
        this.withAgent = false;
        return this;
    }

    public ChildJvm agentArgs(String value) {
        this.agentArgs = value;
        return this;
    }

    public ChildJvm property(String key, String value) {
        jvmArgs.add("-D" + key + "=" + value);
        return this;
    }

    public ChildJvm jvmArg(String arg) {
        jvmArgs.add(arg);
        return this;
    }

    public ChildJvm main(String className, String... mainArgs) {
        this.mainClass = className;
        this.args.addAll(Arrays.asList(mainArgs));
        return this;
    }

    public ChildJvm timeoutSeconds(long seconds) {
        this.timeoutSeconds = seconds;
        return this;
    }

    /** The directory the child runs in (default: the test's own). */
    public ChildJvm workingDir(Path dir) {
        this.workingDir = dir.toFile();
        return this;
    }

    private final java.util.Map<String, String> env = new java.util.LinkedHashMap<>();

    public List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(jdk.javaExecutable());
        cmd.add("-Xshare:auto");
        cmd.add("-XX:TieredStopAtLevel=1");
        if (withAgent) {
            cmd.add("-javaagent:" + agentJar() + (agentArgs == null ? "" : "=" + agentArgs));
            // any error the agent would otherwise swallow fails the test run
            cmd.add("-Dllmguard.strict=true");
        }
        cmd.addAll(jvmArgs);
        if (!classpath.isEmpty()) {
            cmd.add("-cp");
            cmd.add(String.join(File.pathSeparator, classpath));
        }
        if (mainClass != null && !mainClass.isEmpty()) {
            cmd.add(mainClass);
        }
        cmd.addAll(args);
        return cmd;
    }

    /** An environment variable of the child (the test JVM's own LLMGUARD_* and JAVA_TOOL_OPTIONS are never passed on). */
    public ChildJvm env(String name, String value) {
        env.put(name, value);
        return this;
    }

    private ProcessBuilder processBuilder() {
        ProcessBuilder pb = new ProcessBuilder(command());
        pb.environment().keySet().removeIf(k -> k.startsWith("LLMGUARD_") || k.equals("JAVA_TOOL_OPTIONS"));
        pb.environment().putAll(env);
        if (workingDir != null) {
            pb.directory(workingDir);
        }
        return pb;
    }

    /** Starts the child and returns at once, for tests that talk to it while it runs. */
    public RunningJvm start() throws IOException {
        return new RunningJvm(processBuilder().start(), timeoutSeconds);
    }

    public RunResult run() throws IOException, InterruptedException {
        ProcessBuilder pb = processBuilder();
        Path out = Files.createTempFile("child-out", ".txt");
        Path err = Files.createTempFile("child-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        long start = System.nanoTime();
        Process p = pb.start();
        boolean finished = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        RunResult result = new RunResult(finished ? p.exitValue() : -1,
                new String(Files.readAllBytes(out), StandardCharsets.UTF_8),
                new String(Files.readAllBytes(err), StandardCharsets.UTF_8), elapsedMillis, !finished);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return result;
    }
}
