package dev.llmguard.sdk.fake.core.http;

/** A decorator held through a field declared as an implementation, as openai-java 4.x's phantom-reachable wrapper is. */
public final class ClosingHttpClient implements HttpClient {
    private final Object cleanup = new Object();
    private final LoggingHttpClient httpClient;

    public ClosingHttpClient(LoggingHttpClient httpClient) {
        this.httpClient = httpClient;
    }
}
