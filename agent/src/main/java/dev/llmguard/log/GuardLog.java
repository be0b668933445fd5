package dev.llmguard.log;

import dev.llmguard.config.GuardConfig.LogLevel;
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

    private GuardLog(Logger logger, LogLevel level) {
        this.logger = logger;
        this.level = level;
    }

    public static GuardLog create(LogLevel level) {
        // These keys are relocated with slf4j-simple, so they configure the agent's copy only.
        setIfAbsent(SimpleLogger.DEFAULT_LOG_LEVEL_KEY, level.name().toLowerCase(java.util.Locale.ROOT));
        setIfAbsent(SimpleLogger.SHOW_DATE_TIME_KEY, "true");
        setIfAbsent(SimpleLogger.DATE_TIME_FORMAT_KEY, "yyyy-MM-dd HH:mm:ss.SSS");
        setIfAbsent(SimpleLogger.SHOW_THREAD_NAME_KEY, "true");
        setIfAbsent(SimpleLogger.SHOW_LOG_NAME_KEY, "true");
        setIfAbsent(SimpleLogger.LOG_FILE_KEY, "System.err");
        SimpleServiceProvider provider = new SimpleServiceProvider();
        provider.initialize();
        return new GuardLog(provider.getLoggerFactory().getLogger(NAME), level);
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
        if (level.compareTo(LogLevel.ERROR) >= 0) {
            logger.error(message);
        }
    }

    public void warn(String message) {
        if (level.compareTo(LogLevel.WARN) >= 0) {
            logger.warn(message);
        }
    }

    public void info(String message) {
        if (isInfoEnabled()) {
            logger.info(message);
        }
    }

    public void debug(String message) {
        if (isDebugEnabled()) {
            logger.debug(message);
        }
    }
}
