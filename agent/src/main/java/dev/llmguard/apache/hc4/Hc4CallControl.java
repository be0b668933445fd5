package dev.llmguard.apache.hc4;

import dev.llmguard.core.exchange.CallControl;
import org.apache.http.HttpRequest;
import org.apache.http.client.methods.HttpExecutionAware;

/**
 * An HC4 call's control: cancelled when the application aborts its request ({@code HttpGet},
 * {@code HttpPost} and the other {@code HttpRequestBase}s are {@link HttpExecutionAware}); a
 * request of another kind can only be stopped by interrupting the thread. No deadline: the
 * client's timeouts (connect, socket, connection request) bound each attempt, not the whole call.
 */
final class Hc4CallControl implements CallControl {
    private final HttpExecutionAware abortable;

    Hc4CallControl(HttpRequest request) {
        this.abortable = request instanceof HttpExecutionAware ? (HttpExecutionAware) request : null;
    }

    @Override
    public boolean isCanceled() {
        return abortable != null && abortable.isAborted();
    }

    @Override
    public long remainingMillis() {
        return Long.MAX_VALUE;
    }
}
