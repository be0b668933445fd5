package dev.llmguard.jdkhttp;

/**
 * The body of one attempt's response, as the guard's body handler left it: held in full (an error
 * response the guard may still retry, at most the capture bound) or already the application's
 * (its own handler applied, a stream left untouched).
 */
final class AttemptBody {
    private final byte[] held;
    private final Object applications;
    private final byte[] jsonSeen;

    private AttemptBody(byte[] held, Object applications, byte[] jsonSeen) {
        this.held = held;
        this.applications = applications;
        this.jsonSeen = jsonSeen;
    }

    static AttemptBody held(byte[] bytes) {
        return new AttemptBody(bytes, null, null);
    }

    static AttemptBody applications(Object body) {
        return new AttemptBody(null, body, null);
    }

    /** The application's body, and the bytes of a plain JSON success body it had read by then (for its token usage). */
    static AttemptBody applications(Object body, byte[] jsonSeen) {
        return new AttemptBody(null, body, jsonSeen);
    }

    /** A copy of what the application's handler read of a plain JSON success body, or null. */
    byte[] jsonSeen() {
        return jsonSeen;
    }

    boolean isHeld() {
        return held != null;
    }

    byte[] heldBytes() {
        return held;
    }

    /** What the application's handler made of the body. */
    Object applicationsBody() {
        return applications;
    }
}
