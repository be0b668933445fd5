package dev.llmguard.core.exchange;

import dev.llmguard.core.http.RequestInfo;
import java.io.IOException;

/**
 * What every adapter supplies about one logical call, blocking or asynchronous: cheap facts for
 * the scope decision, the full request view (only built for calls in scope), and the call's
 * control. {@link BlockingExchange} and {@link AsyncExchange} add how one attempt is sent.
 *
 * @param <R> the HTTP client's own response type
 */
public interface Exchange<R> {
    /** The request's host as the client has it. */
    String host();

    /** The request's encoded path. */
    String path();

    /** The first value of a request header, or null (read for the scope decision only). */
    String header(String name);

    /**
     * Method, URL, headers and a copy of the body when it is replayable and at most
     * {@code maxBodyCaptureBytes} long; a body the client cannot send twice is marked one-shot.
     */
    RequestInfo request(int maxBodyCaptureBytes) throws IOException;

    /** The call's cancel flag and what is left of its own timeout. */
    CallControl control();

    /**
     * Status, headers and a small bounded body of a response: the error body of a 4xx/5xx, or a
     * plain JSON success body up to {@code maxJsonBodyBytes} for its token usage; never a stream.
     * A success the adapter reads through a {@link dev.llmguard.core.body.UsageTap} (an event
     * stream, or a JSON body still being read) carries the tap, to hear the usage at the body's end.
     */
    dev.llmguard.core.http.ResponseInfo view(R response, int maxJsonBodyBytes);

    /** Closes or drains a response the application will not see, so its connection is given back. */
    void discard(R response);

    /** The client's response carrying an answer the guard gives itself (a local refusal). */
    R answerLocally(LocalResponse response);

    /**
     * The loop's bound for the next attempt: the client may send it at most {@code allowed} times,
     * its own re-sends (a stale pooled connection, a follow-up) included, so that max-attempts
     * bounds what the server receives. An adapter whose client may re-send inside one attempt
     * enforces it; by default the client sends once and there is nothing to do.
     */
    default void limitNetworkSends(int allowed) {
    }

    /**
     * How many times the last attempt reached the network: more than 1 when the client retried
     * inside one attempt (a stale pooled connection, say). Each counts against max-attempts.
     */
    default int networkSendsOfLastAttempt() {
        return 1;
    }

    /**
     * Whether this client can send the call's later attempts as another request (a model fallback):
     * the same method, host, query and headers with another path and body. False by default: the
     * call then never falls back.
     */
    default boolean canRetarget() {
        return false;
    }

    /**
     * From the next attempt on, sends the call to {@code path} (encoded, query unchanged) with
     * {@code body} in place of the application's (null: the body is unchanged; its Content-Length
     * follows the new one), and marks every response the application gets from now on, local
     * answers included, with {@code x-llm-guard-model: model}.
     */
    default void retarget(String path, byte[] body, String model) {
        throw new UnsupportedOperationException("this client cannot send another request in the call's place");
    }
}
