package dev.llmguard.okhttp.adapter;

import dev.llmguard.core.exchange.CallControl;
import okhttp3.Call;
import okio.Timeout;

/** The call's cancel flag and what is left of its own timeout (callTimeout or a deadline). */
final class OkHttpCallControl implements CallControl {
    private final Call call;
    private final long deadlineNanos;
    private final boolean hasDeadline;

    OkHttpCallControl(Call call) {
        this.call = call;
        long now = System.nanoTime();
        long deadline = 0;
        boolean has = false;
        Timeout timeout = call.timeout();
        if (timeout.timeoutNanos() > 0) {
            deadline = now + timeout.timeoutNanos();
            has = true;
        }
        if (timeout.hasDeadline() && (!has || timeout.deadlineNanoTime() - deadline < 0)) {
            deadline = timeout.deadlineNanoTime();
            has = true;
        }
        this.deadlineNanos = deadline;
        this.hasDeadline = has;
    }

    @Override
    public boolean isCanceled() {
        return call.isCanceled();
    }

    @Override
    public long remainingMillis() {
        if (!hasDeadline) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }
}
