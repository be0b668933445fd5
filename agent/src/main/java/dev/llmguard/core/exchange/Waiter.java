package dev.llmguard.core.exchange;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Sleeps between attempts, in short slices so that a cancelled call or an interrupted thread
 * stops the wait at once. The interrupt flag is kept for the application to see.
 */
public final class Waiter {
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private Waiter() {
    }

    public static void await(long millis, CallControl control) throws IOException {
        awaitNanos(TimeUnit.MILLISECONDS.toNanos(millis), control);
    }

    /** As {@link #await}, in nanoseconds (for waits a bucket computed). */
    public static void awaitNanos(long nanos, CallControl control) throws IOException {
        long deadline = System.nanoTime() + nanos;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted while waiting to retry");
            }
            if (control.isCanceled()) {
                throw new IOException("Canceled");
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            LockSupport.parkNanos(Math.min(left, SLICE_NANOS));
        }
    }
}
