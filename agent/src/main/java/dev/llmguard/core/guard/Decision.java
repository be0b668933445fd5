package dev.llmguard.core.guard;

/** What the adapter does with an attempt's outcome: hand it to the application, or retry after a wait. */
public final class Decision {
    public static final Decision RETURN = new Decision(false, 0);

    private final boolean retry;
    private final long waitMillis;

    private Decision(boolean retry, long waitMillis) {
        this.retry = retry;
        this.waitMillis = waitMillis;
    }

    public static Decision retryAfter(long waitMillis) {
        return new Decision(true, Math.max(0, waitMillis));
    }

    public boolean retry() {
        return retry;
    }

    public long waitMillis() {
        return waitMillis;
    }

    @Override
    public String toString() {
        return retry ? "retry after " + waitMillis + " ms" : "return";
    }
}
