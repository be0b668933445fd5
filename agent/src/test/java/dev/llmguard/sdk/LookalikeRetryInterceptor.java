package dev.llmguard.sdk;

/** google-genai's RetryInterceptor's shape: retry options kept in a final field, null meaning "pass through". */
public class LookalikeRetryInterceptor {
    private final Object retryOptions;

    public LookalikeRetryInterceptor(Object retryOptions) {
        this.retryOptions = retryOptions;
    }

    public Object retryOptions() {
        return retryOptions;
    }
}
