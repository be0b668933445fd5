package dev.llmguard.it.support;

import java.util.ArrayList;
import java.util.List;

/** What a child JVM printed and how it ended. */
public final class RunResult {
    public final int exitCode;
    public final String stdout;
    public final String stderr;
    public final long elapsedMillis;
    public final boolean timedOut;

    RunResult(int exitCode, String stdout, String stderr, long elapsedMillis, boolean timedOut) {
        this.exitCode = exitCode;
        this.stdout = stdout;
        this.stderr = stderr;
        this.elapsedMillis = elapsedMillis;
        this.timedOut = timedOut;
    }

    /** Lines of stdout starting with the prefix. */
    public List<String> lines(String prefix) {
        List<String> out = new ArrayList<>();
        for (String line : stdout.split("\\R")) {
            if (line.startsWith(prefix)) {
                out.add(line);
            }
        }
        return out;
    }

    /** The agent's lines on stderr. */
    public List<String> agentLines() {
        List<String> out = new ArrayList<>();
        for (String line : stderr.split("\\R")) {
            if (line.contains("llm-guard")) {
                out.add(line);
            }
        }
        return out;
    }

    public String all() {
        return "exit=" + exitCode + (timedOut ? " (timed out)" : "") + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }

    @Override
    public String toString() {
        return all();
    }
}
