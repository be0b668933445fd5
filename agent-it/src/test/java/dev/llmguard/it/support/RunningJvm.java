package dev.llmguard.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** A child JVM still running: read its output as it comes, write lines to its stdin, then collect it. */
public final class RunningJvm implements AutoCloseable {
    private final Process process;
    private final long timeoutSeconds;
    private final long startNanos = System.nanoTime();
    private final StringBuilder stdout = new StringBuilder();
    private final StringBuilder stderr = new StringBuilder();
    private final Thread outReader;
    private final Thread errReader;

    RunningJvm(Process process, long timeoutSeconds) {
        this.process = process;
        this.timeoutSeconds = timeoutSeconds;
        this.outReader = pump(process.getInputStream(), stdout, "child-stdout");
        this.errReader = pump(process.getErrorStream(), stderr, "child-stderr");
    }

    private static Thread pump(InputStream in, StringBuilder sink, String name) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (sink) {
                        sink.append(line).append('\n');
                        sink.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    public long pid() {
        return process.pid();
    }

    /** Waits until stdout has a line starting with the prefix; returns that line. */
    public String awaitLine(String prefix, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (stdout) {
            while (true) {
                for (String line : stdout.toString().split("\\R")) {
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0 || (!process.isAlive() && !outReader.isAlive())) {
                    throw new AssertionError("no line starting with '" + prefix + "'\n--- stdout\n" + stdout + "--- stderr\n" + stderrNow());
                }
                stdout.wait(Math.min(left, 200));
            }
        }
    }

    public void send(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String stderrNow() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    /** Waits for the child to end (killing it after the timeout) and returns what it printed. */
    public RunResult finish() throws InterruptedException {
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        outReader.join(5000);
        errReader.join(5000);
        long elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;
        String out;
        String err;
        synchronized (stdout) {
            out = stdout.toString();
        }
        synchronized (stderr) {
            err = stderr.toString();
        }
        return new RunResult(finished ? process.exitValue() : -1, out, err, elapsedMillis, !finished);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
