package dev.llmguard.jdkhttp;

import dev.llmguard.core.body.StreamUsageTap;

/**
 * The body of one attempt's response, as the guard's body handler left it: held in full (an error
 * response the guard may still retry, at most the capture bound) or already the application's
 * (its own handler applied, a stream left untouched).
 */
final class AttemptBody {
    private final byte[] held;
    private final Object applications;
    private final byte[] jsonSeen;
    private final StreamUsageTap usageTap;

    private AttemptBody(byte[] held, Object applications, byte[] jsonSeen, StreamUsageTap usageTap) {
        this.held = held;
        this.applications = applications;
        this.jsonSeen = jsonSeen;
        this.usageTap = usageTap;
    }

    static AttemptBody held(byte[] bytes) {
        return new AttemptBody(bytes, null, null, null);
    }

    static AttemptBody applications(Object body) {
        return new AttemptBody(null, body, null, null);
    }

    /** The application's body, and the bytes of a plain JSON success body it had read by then (for its token usage). */
    static AttemptBody applications(Object body, byte[] jsonSeen) {
        return new AttemptBody(null, body, jsonSeen, null);
    }

    /** The application's body of a streamed success, read through {@code tap} as the application reads it. */
    static AttemptBody streamed(Object body, StreamUsageTap tap) {
        return new AttemptBody(null, body, null, tap);
    }

    /** The tap a streamed success is read through, or null. */
    StreamUsageTap usageTap() {
        return usageTap;
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
