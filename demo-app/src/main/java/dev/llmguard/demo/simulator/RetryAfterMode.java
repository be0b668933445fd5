package dev.llmguard.demo.simulator;

/** Which wait hints a rate-limit 429 of the {@link LlmApiSimulator} carries. */
public enum RetryAfterMode {
    /**
     * {@code retry-after} (whole seconds, rounded up) and {@code retry-after-ms} (milliseconds,
     * rounded up), besides the {@code x-ratelimit-reset-*} headers and the "Please try again in" message.
     */
    RETRY_AFTER,
    /** No {@code retry-after} header of any kind: only the {@code x-ratelimit-reset-*} headers and the message. */
    RESET_HEADERS_ONLY
}
