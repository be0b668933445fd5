package dev.llmguard.core.http;

/**
 * One outgoing request as the core sees it. Built by an adapter only for requests in scope.
 * The body is a bounded copy: null when there is none, when it is larger than the capture
 * limit, or when it is one-shot (must not be read twice).
 */
public final class RequestInfo {
    private final String method;
    private final String scheme;
    private final String host;
    private final int port;
    private final String path;
    private final String query;
    private final Headers headers;
    private final byte[] body;
    private final long bodyLength;
    private final boolean bodyReplayable;

    private RequestInfo(Builder b) {
        this.method = b.method;
        this.scheme = b.scheme;
        this.host = b.host;
        this.port = b.port;
        this.path = b.path;
        this.query = b.query;
        this.headers = b.headers;
        this.body = b.body;
        this.bodyLength = b.bodyLength;
        this.bodyReplayable = b.bodyReplayable;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String method() { return method; }
    public String scheme() { return scheme; }
    public String host() { return host; }
    public int port() { return port; }
    /** The encoded path, e.g. {@code /v1/chat/completions}. */
    public String path() { return path; }
    /** The encoded query without '?', or null. May hold credentials ({@code key=}): never log it. */
    public String query() { return query; }
    public Headers headers() { return headers; }
    /** A copy of the request body, or null when not captured. Never log it: it holds the prompt. */
    public byte[] body() { return body; }
    /** The body's length in bytes, or -1 when unknown, 0 when there is no body. */
    public long bodyLength() { return bodyLength; }
    /** False when the body is one-shot: sending it again is impossible, so the request is never retried. */
    public boolean bodyReplayable() { return bodyReplayable; }

    /** The same request sent to another path with another body (a model fallback): length and replayability follow the body. */
    public RequestInfo retargeted(String newPath, byte[] newBody) {
        return builder().method(method).scheme(scheme).host(host).port(port).path(newPath).query(query).headers(headers)
                .body(newBody).bodyLength(newBody == null ? bodyLength : newBody.length).bodyReplayable(bodyReplayable).build();
    }

    public static final class Builder {
        private String method = "GET";
        private String scheme = "https";
        private String host = "";
        private int port = -1;
        private String path = "/";
        private String query;
        private Headers headers = Headers.EMPTY;
        private byte[] body;
        private long bodyLength;
        private boolean bodyReplayable = true;

        public Builder method(String v) { this.method = v; return this; }
        public Builder scheme(String v) { this.scheme = v; return this; }
        public Builder host(String v) { this.host = v; return this; }
        public Builder port(int v) { this.port = v; return this; }
        public Builder path(String v) { this.path = v; return this; }
        public Builder query(String v) { this.query = v; return this; }
        public Builder headers(Headers v) { this.headers = v; return this; }
        public Builder body(byte[] v) { this.body = v; return this; }
        public Builder bodyLength(long v) { this.bodyLength = v; return this; }
        public Builder bodyReplayable(boolean v) { this.bodyReplayable = v; return this; }

        public RequestInfo build() {
            return new RequestInfo(this);
        }
    }
}
