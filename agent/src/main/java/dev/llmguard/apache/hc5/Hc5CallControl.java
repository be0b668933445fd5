package dev.llmguard.apache.hc5;

import dev.llmguard.core.exchange.CallControl;
import org.apache.hc.core5.concurrent.CancellableDependency;
import org.apache.hc.core5.http.ClassicHttpRequest;

/**
 * An HC5 call's control: cancelled when the application cancels its request ({@code HttpGet},
 * {@code HttpPost} and the other {@code HttpUriRequestBase}s are {@link CancellableDependency});
 * a request of another kind can only be stopped by interrupting the thread. No deadline: the
 * classic client's timeouts (connect, response) bound each attempt, not the whole call.
 */
final class Hc5CallControl implements CallControl {
    private final CancellableDependency cancellable;

    Hc5CallControl(ClassicHttpRequest request) {
        this.cancellable = request instanceof CancellableDependency ? (CancellableDependency) request : null;
    }

    @Override
    public boolean isCanceled() {
        return cancellable != null && cancellable.isCancelled();
    }

    @Override
    public long remainingMillis() {
        return Long.MAX_VALUE;
    }
}
