package dev.llmguard.core.exchange;

/** An exchange whose attempts are sent without blocking: the client calls back when each ends. */
public interface AsyncExchange<R> extends Exchange<R> {
    /** Starts one attempt; exactly one of the callback's methods is called once it ends. */
    void send(AttemptCallback<R> callback);

    /** Stops the attempt in flight, if any (the application cancelled the call). */
    void cancelAttempt();

    /** How one asynchronous attempt ends. */
    interface AttemptCallback<R> {
        void onResponse(R response);

        /** @param failure an {@link java.io.IOException} for a network failure; anything else is passed on unchanged */
        void onFailure(Throwable failure);
    }
}
