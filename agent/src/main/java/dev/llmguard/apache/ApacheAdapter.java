package dev.llmguard.apache;

import dev.llmguard.core.loop.RetryLoop;
import java.io.IOException;

/**
 * What the agent does inside one copy of Apache HttpClient classic (one major version, one class
 * loader). Implemented by {@code apache.hc5} and {@code apache.hc4}, which are compiled against
 * the client and defined next to it, so only JDK and core types appear here.
 */
public interface ApacheAdapter {
    ApacheAdapter NONE = new ApacheAdapter() {
        @Override
        public Object execute(RetryLoop loop, Object client, Object target, Object request, Object context) {
            return null;
        }

        @Override
        public Object proceedOnce(Object exec, Object attempt, Object next, Object a0, Object a1, Object a2, Object a3) {
            return null;
        }
    };

    /**
     * Runs {@code client.doExecute(target, request, context)} on the core's retry loop.
     *
     * @return the response the application gets, or null when the adapter could not read the call
     *         (the client then sends it itself, unguarded)
     * @throws IOException what the client threw on the last attempt, for the application
     */
    Object execute(RetryLoop loop, Object client, Object target, Object request, Object context) throws IOException;

    /**
     * Sends the rest of the client's exec chain once, past its retry step {@code exec}, when that
     * step is running the guard's attempt {@code attempt} (the application's request object).
     *
     * @param next the step after {@code exec} (HC5: the chain; HC4: the next exec)
     * @return the response, or null when {@code exec} runs another request (it then retries as always)
     * @throws Exception what the chain threw, for the guard's loop
     */
    Object proceedOnce(Object exec, Object attempt, Object next, Object a0, Object a1, Object a2, Object a3) throws Exception;
}
