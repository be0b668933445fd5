package dev.llmguard.core.http;

import dev.llmguard.core.body.UsageTap;
import java.nio.charset.StandardCharsets;

/**
 * The part of a response the core decides on: status, headers and, for error statuses only,
 * a bounded prefix of the body (never for 2xx, so streams are never buffered).
 */
public final class ResponseInfo {
    private final int status;
    private final Headers headers;
    private final byte[] errorBody;
    private final byte[] jsonBody;
    private final UsageTap usageTap;

    public ResponseInfo(int status, Headers headers, byte[] errorBody) {
        this(status, headers, errorBody, null);
    }

    /** @param jsonBody a bounded copy of a plain (not streamed) JSON 2xx body, for its token usage; or null */
    public ResponseInfo(int status, Headers headers, byte[] errorBody, byte[] jsonBody) {
        this(status, headers, errorBody, jsonBody, null);
    }

    /** @param usageTap what a success body's bytes pass through on their way to the application (for its usage), or null */
    public ResponseInfo(int status, Headers headers, byte[] errorBody, byte[] jsonBody, UsageTap usageTap) {
        this.status = status;
        this.usageTap = usageTap;
        this.headers = headers == null ? Headers.EMPTY : headers;
        this.errorBody = errorBody;
        this.jsonBody = jsonBody;
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
    /** A bounded copy of a plain JSON success body (never a stream), or null. */
    public byte[] jsonBody() { return jsonBody; }
    /** The tap a success body is read through, to hear the usage it reports at its end; or null. */
    public UsageTap usageTap() { return usageTap; }
}
