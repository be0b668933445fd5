package dev.llmguard.core.fallback;

import dev.llmguard.core.body.ModelField;
import dev.llmguard.core.http.RequestInfo;

/**
 * The same request for another model: a JSON body's top-level {@code model} rewritten (every other
 * byte unchanged), or, when the model is named in a Gemini-style path ({@code models/NAME:method}),
 * that path segment. Null when the request cannot be rewritten: a one-shot or uncaptured body, a
 * body whose model cannot be spliced, a model named elsewhere (an Azure deployment).
 */
public final class RequestRewrite {
    /** Marks every response the application gets after its call fell back: the model that served it. */
    public static final String MODEL_HEADER = "x-llm-guard-model";
    private static final String MODELS = "/models/";

    private RequestRewrite() {
    }

    /** @param modelInBody whether the request's model came from its body (else from its path) */
    public static RequestInfo forModel(RequestInfo request, boolean modelInBody, String model) {
        if (!request.bodyReplayable()) {
            return null;
        }
        if (modelInBody) {
            byte[] body = ModelField.rewrite(request.body(), model);
            return body == null ? null : request.retargeted(request.path(), body);
        }
        String path = pathForModel(request.path(), model);
        return path == null ? null : request.retargeted(path, request.body());
    }

    /** {@code /v1beta/models/gemini-2.0-flash:generateContent} with another name in place of the model's, or null. */
    static String pathForModel(String path, String model) {
        if (path == null || model.indexOf('/') >= 0 || model.indexOf(':') >= 0) {
            return null;
        }
        int i = path.indexOf(MODELS);
        if (i < 0) {
            return null;
        }
        int start = i + MODELS.length();
        int end = start;
        while (end < path.length() && path.charAt(end) != ':' && path.charAt(end) != '/') {
            end++;
        }
        if (end == start) {
            return null;
        }
        return path.substring(0, start) + model + path.substring(end);
    }
}
