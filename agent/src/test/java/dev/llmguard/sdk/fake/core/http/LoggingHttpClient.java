package dev.llmguard.sdk.fake.core.http;

/** A decorator as the SDKs stack them between the retry loop and the transport. */
public final class LoggingHttpClient implements HttpClient {
    private final HttpClient httpClient;
    private final String level = "off";

    public LoggingHttpClient(HttpClient httpClient) {
        this.httpClient = httpClient;
    }
}
