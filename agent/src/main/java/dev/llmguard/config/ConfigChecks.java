package dev.llmguard.config;

/**
 * The checks the configuration pieces make of their own values. The loader's parsers already keep
 * what users write within range; these catch a piece built wrong in code (a test, a builder call)
 * with a message naming the llmguard.* key, instead of a guard that misbehaves later.
 */
final class ConfigChecks {
    private ConfigChecks() {
    }

    static int atLeast(String key, int min, int value) {
        if (value < min) {
            throw new IllegalArgumentException(key + " must be at least " + min + ", not " + value);
        }
        return value;
    }

    static int between(String key, int min, int max, int value) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be from " + min + " to " + max + ", not " + value);
        }
        return value;
    }

    static long notNegativeMillis(String key, long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException(key + " must not be negative, not " + millis + "ms");
        }
        return millis;
    }

    static <T> T notNull(String key, T value) {
        if (value == null) {
            throw new IllegalArgumentException(key + " must be set");
        }
        return value;
    }
}
