package dev.llmguard.core.guard;

/**
 * What the adapter does with an attempt's outcome: hand it to the application, retry after a wait,
 * or go on at once with the call's fallback model ({@link #next()}).
 */
public final class Decision {
    public static final Decision RETURN = new Decision(false, 0, null);

    private final boolean retry;
    private final long waitMillis;
    private final GuardedRequest next;

    private Decision(boolean retry, long waitMillis, GuardedRequest next) {
        this.retry = retry;
        this.waitMillis = waitMillis;
        this.next = next;
    }

    public static Decision retryAfter(long waitMillis) {
        return new Decision(true, Math.max(0, waitMillis), null);
    }

    /** The next attempt goes out for another model, paced by its quota: no wait here. */
    static Decision switchTo(GuardedRequest next) {
        return new Decision(true, 0, next);
    }

    public boolean retry() {
        return retry;
    }

    public long waitMillis() {
        return waitMillis;
    }

    /** The call's policy from now on when it falls back to another model; null when it stays on its own. */
    public GuardedRequest next() {
        return next;
    }

    @Override
    public String toString() {
        return next != null ? "fall back to " + next.label().model() : retry ? "retry after " + waitMillis + " ms" : "return";
    }
}
