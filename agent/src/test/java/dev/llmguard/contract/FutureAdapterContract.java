package dev.llmguard.contract;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The contract for clients whose calls the application holds as a Future (JDK {@code sendAsync},
 * Apache HttpClient 5 async): no caller thread waits, cancelling the Future cancels the call and
 * the application sees a {@link CancellationException}.
 */
public abstract class FutureAdapterContract extends AdapterContract {
    /** How the application reads a response of its client's own type. */
    public interface SeenOf<T> {
        Seen of(T response) throws Exception;
    }

    /**
     * A call the application holds as a Future (asynchronous clients): no caller thread waits,
     * cancelling the Future cancels the call, and what {@code get} throws is what the application sees.
     */
    protected static <T> Running runningFuture(Future<T> future, SeenOf<T> seen) {
        return new Running() {
            @Override
            public void cancel() {
                future.cancel(true);
            }

            @Override
            public void interrupt() {
                throw new UnsupportedOperationException("no caller thread waits");
            }

            @Override
            public Seen await(long millis) throws Exception {
                try {
                    return seen.of(future.get(millis, TimeUnit.MILLISECONDS));
                } catch (ExecutionException e) {
                    return new Seen(e.getCause(), null);
                } catch (CancellationException e) {
                    return new Seen(e, null);
                }
            }
        };
    }

    @Override
    protected Class<? extends Throwable> cancelFailure() {
        return CancellationException.class;
    }

    @Override
    protected boolean waitsOnCallerThread() {
        return false;
    }

    @Override
    protected Seen send(AppCall call) throws Exception {
        return start(call).await(30_000);
    }
}
