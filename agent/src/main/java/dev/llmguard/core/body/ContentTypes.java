package dev.llmguard.core.body;

/** The body kinds the guard tells apart by a response's Content-Type (parameters such as charset ignored). */
public final class ContentTypes {
    private ContentTypes() {
    }

    /** {@code application/json}, in any case, with or without parameters. */
    public static boolean isJson(String contentType) {
        return contentType != null && contentType.regionMatches(true, 0, "application/json", 0, 16);
    }

    /** {@code text/event-stream} (server-sent events), in any case, with or without parameters. */
    public static boolean isEventStream(String contentType) {
        return contentType != null && contentType.regionMatches(true, 0, "text/event-stream", 0, 17);
    }
}
