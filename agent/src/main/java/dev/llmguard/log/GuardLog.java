package dev.llmguard.log;

import dev.llmguard.config.GuardConfig.LogLevel;
import dev.llmguard.config.LogConfig;
import org.slf4j.simple.SimpleLogger;

/**
 * The agent's own output, on stderr (looked up at each line), every line marked with the
 * "llm-guard" name: {@code 2026-01-31 12:00:00.000Z [thread] WARN llm-guard - message}, or one JSON
 * object per line. Written directly rather than through a logging library: the host's logging
 * setup is never read nor changed, and the line costs no start-up (slf4j-simple's set-up and its
 * date format took over 100 ms of the agent's start-up).
 */
public final class GuardLog {
    public static final String NAME = "llm-guard";

    private final LogLevel level;
    /** One JSON object per line instead of text (llmguard.log.format=json). */
    private final boolean json;

    private GuardLog(LogLevel level, boolean json) {
        this.level = level;
        this.json = json;
    }

    public static GuardLog create(LogLevel level) {
        return create(level, LogConfig.Format.TEXT);
    }

    public static GuardLog create(LogLevel level, LogConfig.Format format) {
        return new GuardLog(level, format == LogConfig.Format.JSON);
    }

    /**
     * Sets up the relocated slf4j-simple that the Redis client and its pool log through: this log's
     * level, stderr, dated lines with the thread's name. Only the agent's copy reads these keys
     * (they are relocated with it); called before the Redis client loads, so a JVM without Redis
     * never sets up slf4j.
     */
    public void configureLibraryLogging() {
        setIfAbsent(SimpleLogger.DEFAULT_LOG_LEVEL_KEY, level.name().toLowerCase(java.util.Locale.ROOT));
        setIfAbsent(SimpleLogger.SHOW_DATE_TIME_KEY, "true");
        setIfAbsent(SimpleLogger.DATE_TIME_FORMAT_KEY, "yyyy-MM-dd HH:mm:ss.SSS");
        setIfAbsent(SimpleLogger.SHOW_THREAD_NAME_KEY, "true");
        setIfAbsent(SimpleLogger.LOG_FILE_KEY, "System.err");
    }

    private static void setIfAbsent(String key, String value) {
        try {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        } catch (SecurityException ignored) {
            // a security manager forbids it: slf4j-simple's defaults apply
        }
    }

    public boolean isDebugEnabled() {
        return level.compareTo(LogLevel.DEBUG) >= 0;
    }

    public boolean isInfoEnabled() {
        return level.compareTo(LogLevel.INFO) >= 0;
    }

    public void error(String message) {
        error(message, null);
    }

    public void warn(String message) {
        warn(message, null);
    }

    public void info(String message) {
        info(message, null);
    }

    public void debug(String message) {
        debug(message, null);
    }

    /** @param fields the line's facts for the JSON format; null for a plain message */
    public void error(String message, LogFields fields) {
        emit(LogLevel.ERROR, message, fields);
    }

    public void warn(String message, LogFields fields) {
        emit(LogLevel.WARN, message, fields);
    }

    public void info(String message, LogFields fields) {
        emit(LogLevel.INFO, message, fields);
    }

    public void debug(String message, LogFields fields) {
        emit(LogLevel.DEBUG, message, fields);
    }

    private void emit(LogLevel at, String message, LogFields fields) {
        if (level.compareTo(at) < 0) {
            return;
        }
        if (json) {
            JsonLines.print(System.err, JsonLines.line(at.name(), message, fields));
            return;
        }
        System.err.println(TextLine.line(at.name(), NAME, message));
    }
}
