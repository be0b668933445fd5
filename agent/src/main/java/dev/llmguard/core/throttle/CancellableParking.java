package dev.llmguard.core.throttle;

import dev.llmguard.core.guard.CallControl;
import io.github.bucket4j.BlockingStrategy;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Bucket4j's park, in short slices, so a cancelled call stops waiting at once. */
final class CancellableParking implements BlockingStrategy {
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

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
        long deadline = System.nanoTime() + nanos;
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (control.isCanceled()) {
                throw new Cancelled();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(Math.min(left, SLICE_NANOS));
        }
    }
}
