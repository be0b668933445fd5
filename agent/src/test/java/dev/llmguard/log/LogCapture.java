package dev.llmguard.log;

import dev.llmguard.config.GuardConfig.LogLevel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines a {@link GuardLog} prints, as printed. GuardLog writes to {@code System.err} (looked
 * up at each line), so this swaps {@code System.err} for a buffer until closed.
 */
public final class LogCapture implements AutoCloseable {
    private static final String MARKER = " " + GuardLog.NAME + " - ";

    private final PrintStream originalErr = System.err;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    private LogCapture() {
        System.setErr(new PrintStream(buffer, true));
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    /** A GuardLog printing at {@code level} and above into this capture. */
    public GuardLog log(LogLevel level) {
        return GuardLog.create(level);
    }

    /** The same in the JSON format: {@link #lines()} then gives each object's level and message, after checking that it parses. */
    public GuardLog jsonLog(LogLevel level) {
        return GuardLog.create(level, dev.llmguard.config.LogConfig.Format.JSON);
    }

    /**
     * The GuardLog lines printed since the start (or the last {@link #clear()}), each as
     * {@code LEVEL message} without the date and thread; lines from anything else are left out.
     */
    public synchronized List<String> lines() {
        System.err.flush();
        List<String> out = new ArrayList<>();
        for (String line : new String(buffer.toByteArray(), StandardCharsets.UTF_8).split("\\R")) {
            if (line.startsWith("{") && line.contains("\"logger\":\"" + GuardLog.NAME + "\"")) {
                java.util.Map<String, String> fields = JsonLine.fields(line);
                out.add(fields.get("level") + " " + fields.get("message"));
                continue;
            }
            int marker = line.indexOf(MARKER);
            if (marker < 0) {
                continue;
            }
            String before = line.substring(0, marker);
            String level = before.substring(before.lastIndexOf(' ') + 1);
            out.add(level + " " + line.substring(marker + MARKER.length()));
        }
        return out;
    }

    /** Everything printed since the start (or the last {@link #clear()}), as printed: JSON lines whole. */
    public synchronized String raw() {
        System.err.flush();
        return new String(buffer.toByteArray(), StandardCharsets.UTF_8);
    }

    public synchronized void clear() {
        buffer.reset();
    }

    @Override
    public void close() {
        System.setErr(originalErr);
    }
}
