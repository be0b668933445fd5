package dev.llmguard.sdk;

/** The shape of the SDKs' {@code RetryingHttpClient} that the advice relies on, as Kotlin compiles it. */
public final class LookalikeRetryingHttpClient {
    private final Object httpClient;
    private final java.time.Clock clock;
    private final int maxRetries;
    private final String idempotencyHeader;

    private LookalikeRetryingHttpClient(Object httpClient, java.time.Clock clock, int maxRetries, String idempotencyHeader) {
        this.httpClient = httpClient;
        this.clock = clock;
        this.maxRetries = maxRetries;
        this.idempotencyHeader = idempotencyHeader;
    }

    public static LookalikeRetryingHttpClient create(Object httpClient, int maxRetries) {
        return new LookalikeRetryingHttpClient(httpClient, java.time.Clock.systemUTC(), maxRetries, null);
    }

    public int maxRetries() {
        return maxRetries;
    }

    public Object httpClient() {
        return httpClient;
    }
}
