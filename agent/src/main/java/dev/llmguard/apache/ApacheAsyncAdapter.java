package dev.llmguard.apache;

import dev.llmguard.core.loop.AsyncRetryLoop;

/**
 * What the agent does inside one copy of Apache HttpClient 5's async client. Implemented by
 * {@code apache.hc5.async}, compiled against the client and defined next to it, so only JDK and
 * core types appear here.
 */
public interface ApacheAsyncAdapter {
    ApacheAsyncAdapter NONE = new ApacheAsyncAdapter() {
        @Override
        public Object execute(AsyncRetryLoop loop, Object client, Object target, Object producer, Object consumer,
                              Object pushHandlerFactory, Object context, Object callback) {
            return null;
        }

        @Override
        public boolean proceedOnce(Object attempt, Object request, Object entityProducer, Object scope, Object chain,
                                   Object callback) {
            return false;
        }
    };

    /**
     * Runs {@code client.doExecute(target, producer, consumer, pushHandlerFactory, context, callback)}
     * on the core's asynchronous loop.
     *
     * @return the Future the application gets, or null when the call is not the guard's (out of
     *         scope, or a request producer the adapter cannot read): the client then sends it itself
     */
    Object execute(AsyncRetryLoop loop, Object client, Object target, Object producer, Object consumer,
                   Object pushHandlerFactory, Object context, Object callback);

    /**
     * Passes {@code AsyncHttpRequestRetryExec.execute(request, entityProducer, scope, chain, callback)}
     * straight down the chain when the step runs the guard's attempt {@code attempt} (its request head).
     *
     * @return true when it did; false when the step runs another request and retries as always
     * @throws Exception what the chain threw
     */
    boolean proceedOnce(Object attempt, Object request, Object entityProducer, Object scope, Object chain, Object callback)
            throws Exception;
}
