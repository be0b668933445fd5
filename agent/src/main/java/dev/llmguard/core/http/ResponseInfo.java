package dev.llmguard.core.http;

import java.nio.charset.StandardCharsets;

/**
 * The part of a response the core decides on: status, headers and, for error statuses only,
 * a bounded prefix of the body (never for 2xx, so streams are never buffered).
 */
public final class ResponseInfo {
    private final int status;
    private final Headers headers;
    private final byte[] errorBody;

    public ResponseInfo(int status, Headers headers, byte[] errorBody) {
        this.status = status;
        this.headers = headers == null ? Headers.EMPTY : headers;
        this.errorBody = errorBody;
    }

    public static ResponseInfo of(int status, Headers headers) {
        return new ResponseInfo(status, headers, null);
    }

    public static ResponseInfo of(int status, Headers headers, String errorBody) {
        return new ResponseInfo(status, headers, errorBody == null ? null : errorBody.getBytes(StandardCharsets.UTF_8));
    }

    public int status() { return status; }
    public Headers headers() { return headers; }
    /** A bounded prefix of an error response's body, or null. */
    public byte[] errorBody() { return errorBody; }
}
