package dev.llmguard.core.exchange;

/** What the guard may ask of the HTTP client about the call it is waiting in. */
public interface CallControl {
    CallControl NONE = new CallControl() {
        @Override
        public boolean isCanceled() {
            return false;
        }

        @Override
        public long remainingMillis() {
            return Long.MAX_VALUE;
        }
    };

    /** True once the application cancelled the call (or its timeout cancelled it). */
    boolean isCanceled();

    /** Time left before the call's own timeout fires; Long.MAX_VALUE when it has none. */
    long remainingMillis();
}
