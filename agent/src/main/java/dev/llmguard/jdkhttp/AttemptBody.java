package dev.llmguard.jdkhttp;

/**
 * The body of one attempt's response, as the guard's body handler left it: held in full (an error
 * response the guard may still retry, at most the capture bound) or already the application's
 * (its own handler applied, a stream left untouched).
 */
final class AttemptBody {
    private final byte[] held;
    private final Object applications;

    private AttemptBody(byte[] held, Object applications) {
        this.held = held;
        this.applications = applications;
    }

    static AttemptBody held(byte[] bytes) {
        return new AttemptBody(bytes, null);
    }

    static AttemptBody applications(Object body) {
        return new AttemptBody(null, body);
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
