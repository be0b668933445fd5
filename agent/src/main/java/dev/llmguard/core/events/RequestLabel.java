package dev.llmguard.core.events;

import dev.llmguard.core.body.RequestBodySummary;
import dev.llmguard.core.http.RequestInfo;

/**
 * How a request is named in log lines: method, host, path and model. Never the query string
 * (Gemini's {@code key=}) nor any header or body text.
 */
public final class RequestLabel {
    private final String text;
    private final String model;

    private RequestLabel(String text, String model) {
        this.text = text;
        this.model = model;
    }

    public static RequestLabel of(RequestInfo request, RequestBodySummary body) {
        String model = body == null ? null : body.model();
        if (model == null) {
            model = modelFromPath(request.path());
        }
        StringBuilder sb = new StringBuilder(96).append(request.method()).append(' ').append(request.host());
        if (request.port() > 0 && !isDefaultPort(request.scheme(), request.port())) {
            sb.append(':').append(request.port());
        }
        sb.append(request.path());
        if (model != null) {
            sb.append(" model=").append(model);
        }
        return new RequestLabel(sb.toString(), model);
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

    @Override
    public String toString() {
        return text;
    }
}
