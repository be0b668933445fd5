package dev.llmguard.core.throttle;

import dev.llmguard.core.exchange.CallControl;
import dev.llmguard.core.exchange.Waiter;
import io.github.bucket4j.BlockingStrategy;
import java.io.IOException;
import java.io.InterruptedIOException;

/** Bucket4j's park through {@link Waiter}, so a cancelled call or an interrupt stops the wait at once. */
final class CancellableParking implements BlockingStrategy {
    /** Thrown through Bucket4j when the call was cancelled while parked. */
    static final class Cancelled extends InterruptedException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super("Canceled");
        }
    }

    private final CallControl control;

    CancellableParking(CallControl control) {
        this.control = control;
    }

    @Override
    public void park(long nanos) throws InterruptedException {
        try {
            Waiter.awaitNanos(nanos, control);
        } catch (InterruptedIOException e) {
            throw new InterruptedException(); // Bucket4j's contract; the caller keeps the interrupt flag
        } catch (IOException e) {
            throw new Cancelled();
        }
    }
}
