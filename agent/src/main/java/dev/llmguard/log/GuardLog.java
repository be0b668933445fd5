package dev.llmguard.log;

import dev.llmguard.config.GuardConfig.LogLevel;
import dev.llmguard.config.LogConfig;
import org.slf4j.Logger;
import org.slf4j.simple.SimpleLogger;
import org.slf4j.simple.SimpleServiceProvider;

/**
 * The agent's own output: slf4j-simple (relocated into the agent jar, so its settings are
 * separate from the host's) writing to stderr, every line marked with the "llm-guard" name.
 * The provider is created directly, never discovered, so the host's slf4j setup is never read
 * nor changed.
 */
public final class GuardLog {
    public static final String NAME = "llm-guard";

    private final Logger logger;
    private final LogLevel level;
    /** One JSON object per line instead of slf4j-simple's text (llmguard.log.format=json). */
    private final boolean json;

    private GuardLog(Logger logger, LogLevel level, boolean json) {
        this.logger = logger;
        this.level = level;
        this.json = json;
    }

    public static GuardLog create(LogLevel level) {
        return create(level, LogConfig.Format.TEXT);
    }

    public static GuardLog create(LogLevel level, LogConfig.Format format) {
        // These keys are relocated with slf4j-simple, so they configure the agent's copy only.
        setIfAbsent(SimpleLogger.DEFAULT_LOG_LEVEL_KEY, level.name().toLowerCase(java.util.Locale.ROOT));
        setIfAbsent(SimpleLogger.SHOW_DATE_TIME_KEY, "true");
        setIfAbsent(SimpleLogger.DATE_TIME_FORMAT_KEY, "yyyy-MM-dd HH:mm:ss.SSS");
        setIfAbsent(SimpleLogger.SHOW_THREAD_NAME_KEY, "true");
        setIfAbsent(SimpleLogger.SHOW_LOG_NAME_KEY, "true");
        setIfAbsent(SimpleLogger.LOG_FILE_KEY, "System.err");
        SimpleServiceProvider provider = new SimpleServiceProvider();
        provider.initialize();
        return new GuardLog(provider.getLoggerFactory().getLogger(NAME), level, format == LogConfig.Format.JSON);
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
        switch (at) {
            case ERROR:
                logger.error(message);
                break;
            case WARN:
                logger.warn(message);
                break;
            case INFO:
                logger.info(message);
                break;
            default:
                logger.debug(message);
        }
    }
}
