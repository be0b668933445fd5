package dev.llmguard.sdk;

/** Shaped like cleverclient's {@code RetryConfig}: the attempts it was built with. */
public final class LookalikeRetryConfig {
    private final int maxAttempts;

    public LookalikeRetryConfig(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }
}
