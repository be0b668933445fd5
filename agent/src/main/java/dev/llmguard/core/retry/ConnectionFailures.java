package dev.llmguard.core.retry;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * Which I/O failures are worth another attempt: the connection failed or broke before a response
 * arrived. Not: cancellation, the call's own timeout, an interrupt, DNS or TLS failures, which a
 * retry would only repeat.
 */
public final class ConnectionFailures {
    private ConnectionFailures() {
    }

    public static boolean isRetryable(IOException e, boolean retryOnTimeout) {
        if (e instanceof SocketTimeoutException) {
            return retryOnTimeout;
        }
        if (e instanceof InterruptedIOException) {
            return false; // the call's timeout fired or the thread was interrupted
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException
                || e instanceof SocketException || e instanceof EOFException) {
            return true;
        }
        String type = e.getClass().getName();
        if (type.endsWith(".StreamResetException") || type.endsWith(".ConnectionShutdownException")) {
            return true; // HTTP/2 stream refused or connection going away
        }
        String message = e.getMessage();
        if (message != null && message.startsWith("unexpected end of stream")) {
            return true;
        }
        Throwable cause = e.getCause();
        return cause instanceof IOException && cause != e && isRetryable((IOException) cause, retryOnTimeout);
    }
}
