package dev.llmguard.core.exchange;

import dev.llmguard.core.http.Headers;
import java.nio.charset.StandardCharsets;

/**
 * A response the guard answers itself, without the server: status, reason phrase, headers and a
 * JSON body in the provider's error shape. Built in core; each adapter only turns it into its
 * client's response type.
 */
public final class LocalResponse {
    private final int status;
    private final String reason;
    private final Headers headers;
    private final byte[] body;

    public LocalResponse(int status, String reason, Headers headers, String jsonBody) {
        this.status = status;
        this.reason = reason;
        this.headers = headers;
        this.body = jsonBody.getBytes(StandardCharsets.UTF_8);
    }

    public int status() { return status; }
    public String reason() { return reason; }
    /** Includes {@code content-type}. */
    public Headers headers() { return headers; }
    public String contentType() { return headers.get("content-type"); }
    public byte[] body() { return body.clone(); }
}
