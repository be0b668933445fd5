package dev.llmguard.core.exchange;

import java.io.IOException;

/** An exchange whose attempts are sent on the caller's thread. */
public interface BlockingExchange<R> extends Exchange<R> {
    /** Sends one attempt and returns its response (headers read; body not yet). */
    R send() throws IOException;
}
