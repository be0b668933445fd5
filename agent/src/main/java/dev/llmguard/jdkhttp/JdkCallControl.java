package dev.llmguard.jdkhttp;

import dev.llmguard.core.exchange.CallControl;
import java.net.http.HttpRequest;
import java.time.Duration;

/**
 * A JDK call's control: cancelled when the application cancels the future it got (or {@code send}
 * is interrupted, which cancels it), and bounded as a whole by {@link HttpRequest#timeout()}.
 */
final class JdkCallControl implements CallControl {
    private final long deadlineNanos;
    private final boolean hasDeadline;
    private volatile boolean canceled;

    JdkCallControl(HttpRequest request) {
        Duration timeout = request.timeout().orElse(null);
        this.hasDeadline = timeout != null;
        this.deadlineNanos = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
    }

    void cancel() {
        canceled = true;
    }

    @Override
    public boolean isCanceled() {
        return canceled;
    }

    @Override
    public long remainingMillis() {
        return hasDeadline ? Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000) : Long.MAX_VALUE;
    }
}
