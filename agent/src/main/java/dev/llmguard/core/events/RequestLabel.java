package dev.llmguard.core.events;

import dev.llmguard.log.LogFields;

import dev.llmguard.core.body.RequestBodySummary;
import dev.llmguard.core.http.RequestInfo;

/**
 * How a request is named in log lines: method, host, path and model. Never the query string
 * (Gemini's {@code key=}) nor any header or body text.
 */
public final class RequestLabel {
    private final String text;
    private final String hostPort;
    private final String path;
    private final String model;
    private final String keyFingerprint;

    private RequestLabel(String text, String hostPort, String path, String model, String keyFingerprint) {
        this.text = text;
        this.hostPort = hostPort;
        this.path = path;
        this.model = model;
        this.keyFingerprint = keyFingerprint;
    }

    public static RequestLabel of(RequestInfo request, RequestBodySummary body) {
        return of(request, body, null);
    }

    /** @param keyFingerprint the quota's hash of the API key, for the JSON lines; never the key */
    public static RequestLabel of(RequestInfo request, RequestBodySummary body, String keyFingerprint) {
        String model = modelOf(request, body);
        String hostPort = request.host();
        if (request.port() > 0 && !isDefaultPort(request.scheme(), request.port())) {
            hostPort += ":" + request.port();
        }
        StringBuilder sb = new StringBuilder(96).append(request.method()).append(' ').append(hostPort).append(request.path());
        if (model != null) {
            sb.append(" model=").append(model);
        }
        return new RequestLabel(sb.toString(), hostPort, request.path(), model, keyFingerprint);
    }

    /** The model the body names, else the one in the path, else null. */
    public static String modelOf(RequestInfo request, RequestBodySummary body) {
        String model = body == null ? null : body.model();
        return model != null ? model : modelFromPath(request.path());
    }

    /** Gemini names the model in the path ({@code /models/gemini-2.0-flash:generateContent}), Azure the deployment. */
    static String modelFromPath(String path) {
        if (path == null) {
            return null;
        }
        String after = segmentAfter(path, "/models/");
        if (after == null) {
            after = segmentAfter(path, "/deployments/");
        }
        if (after == null) {
            return null;
        }
        int colon = after.indexOf(':');
        return colon > 0 ? after.substring(0, colon) : after;
    }

    private static String segmentAfter(String path, String marker) {
        int i = path.indexOf(marker);
        if (i < 0) {
            return null;
        }
        int start = i + marker.length();
        int end = path.indexOf('/', start);
        String segment = end < 0 ? path.substring(start) : path.substring(start, end);
        return segment.isEmpty() ? null : segment;
    }

    private static boolean isDefaultPort(String scheme, int port) {
        return ("https".equalsIgnoreCase(scheme) && port == 443) || ("http".equalsIgnoreCase(scheme) && port == 80);
    }

    public String model() {
        return model;
    }

    /** The request's facts for a JSON line: host, path, model, key fingerprint. */
    public LogFields fields(String event) {
        return LogFields.event(event).put("host", hostPort).put("path", path).put("model", model).put("key", keyFingerprint);
    }

    @Override
    public String toString() {
        return text;
    }
}
