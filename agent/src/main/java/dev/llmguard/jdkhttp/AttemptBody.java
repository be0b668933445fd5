package dev.llmguard.jdkhttp;

import dev.llmguard.core.body.UsageTap;

/**
 * The body of one attempt's response, as the guard's body handler left it: held in full (an error
 * response the guard may still retry, at most the capture bound) or already the application's
 * (its own handler applied, a stream left untouched).
 */
final class AttemptBody {
    private final byte[] held;
    private final Object applications;
    private final UsageTap usageTap;

    private AttemptBody(byte[] held, Object applications, UsageTap usageTap) {
        this.held = held;
        this.applications = applications;
        this.usageTap = usageTap;
    }

    static AttemptBody held(byte[] bytes) {
        return new AttemptBody(bytes, null, null);
    }

    static AttemptBody applications(Object body) {
        return new AttemptBody(null, body, null);
    }

    /** The application's body of a success, read through {@code tap} as the application reads it (for its token usage). */
    static AttemptBody streamed(Object body, UsageTap tap) {
        return new AttemptBody(null, body, tap);
    }

    /** The tap a success body is read through, or null. */
    UsageTap usageTap() {
        return usageTap;
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
