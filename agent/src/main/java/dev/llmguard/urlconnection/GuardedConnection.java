package dev.llmguard.urlconnection;

import dev.llmguard.core.exchange.CallControl;
import dev.llmguard.core.loop.RetryLoop;
import dev.llmguard.log.InternalErrors;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ProtocolException;
import java.util.Collections;
import javax.net.ssl.HttpsURLConnection;

/**
 * An application's {@code HttpURLConnection} whose call the guard runs. The connection itself is
 * never sent: {@code connect()} opens nothing, {@code getOutputStream()} holds the body, and the
 * first method that needs the response runs the retry loop, whose attempts are fresh connections.
 * From then on the connection's response methods answer from the final attempt (or the guard's
 * local answer), exactly as the connection would have; when the guard gives up they show what the
 * last attempt showed, the exception of a failed one included.
 */
final class GuardedConnection implements CallControl {
    /** Lets a connection go: from now on it runs as it is (its body was too long to hold). */
    interface Release {
        void letGo(HttpURLConnection connection);
    }

    private final HttpURLConnection connection;
    private final ConnectionFields fields;
    private final RetryLoop loop;
    private final int maxBodyBytes;
    private final Release release;
    private CapturedBody body;
    private FinalResponse response;
    private Throwable failure;
    private volatile boolean cancelled;
    private volatile HttpURLConnection inFlight;

    GuardedConnection(HttpURLConnection connection, ConnectionFields fields, RetryLoop loop, int maxBodyBytes, Release release) {
        this.connection = connection;
        this.fields = fields;
        this.loop = loop;
        this.maxBodyBytes = maxBodyBytes;
        this.release = release;
    }

    /** What {@code method} returns instead of running, or null to run it as it is (the connection was let go). */
    Object call(String method, Object[] args) throws Exception {
        if ("disconnect".equals(method)) {
            disconnect(); // not under the lock: it may stop an attempt that holds it
            return Taken.VOID;
        }
        synchronized (this) {
            switch (method) {
                case "connect":
                    return Taken.VOID; // each attempt connects, after the quota admits it
                case "getOutputStream":
                    return outputStream();
                case "getInputStream":
                    exchange();
                    throwFailure();
                    return Taken.of(response.inputStream());
                case "getErrorStream":
                    return Taken.of(response == null ? null : response.errorStream());
                case "getHeaderField":
                    exchange(); // as the JDK's, these methods send the request and fail quietly
                    if (response == null) {
                        return Taken.of(null);
                    }
                    return Taken.of(args[0] instanceof Integer ? response.headerField((Integer) args[0]) : response.headerField((String) args[0]));
                case "getHeaderFieldKey":
                    exchange();
                    return Taken.of(response == null ? null : response.headerFieldKey((Integer) args[0]));
                case "getHeaderFields":
                    exchange();
                    return Taken.of(response == null ? Collections.emptyMap() : response.headerFields());
                default:
                    return Taken.of(TlsFacts.of(tls(), method));
            }
        }
    }

    private Object outputStream() throws IOException, IllegalAccessException {
        if (response != null || failure != null) {
            throw new ProtocolException("Cannot write output after reading input.");
        }
        if (body != null) {
            return Taken.of(body);
        }
        if (!connection.getDoOutput()) {
            throw new ProtocolException("cannot write to a URLConnection if doOutput=false - call setDoOutput(true)");
        }
        if ("GET".equals(connection.getRequestMethod())) {
            connection.setRequestMethod("POST"); // as the JDK does for a GET with a body
        }
        long fixedLength = fields.fixedLength(connection);
        if (fixedLength > maxBodyBytes) {
            release.letGo(connection); // too long to hold: sent once, as it is
            return null;
        }
        body = new CapturedBody(maxBodyBytes, fixedLength, new CapturedBody.Overflow() {
            @Override
            public OutputStream sendUnguarded() throws IOException {
                release.letGo(connection);
                return connection.getOutputStream();
            }
        });
        return Taken.of(body);
    }

    /** Runs the call once: every later method reads its outcome. */
    private void exchange() {
        if (response != null || failure != null) {
            return;
        }
        try {
            response = loop.execute(new UrlConnectionExchange(this, connection, fields));
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
        } catch (ReflectiveOperationException e) {
            InternalErrors.report("reading an HttpURLConnection request", e);
            failure = new IOException("the request could not be read", e);
        }
        try {
            fields.markConnected(connection);
        } catch (IllegalAccessException | RuntimeException e) {
            InternalErrors.report("marking an HttpURLConnection connected", e);
        }
    }

    private void throwFailure() throws Exception {
        Throwable f = failure;
        if (f instanceof Exception) {
            throw (Exception) f;
        }
        if (f instanceof Error) {
            throw (Error) f;
        }
    }

    private HttpsURLConnection tls() {
        HttpsURLConnection tls = response == null ? null : response.tls();
        if (tls == null) {
            throw new IllegalStateException("connection not yet open");
        }
        return tls;
    }

    private void disconnect() {
        cancelled = true;
        HttpURLConnection attempt = inFlight;
        if (attempt != null) {
            attempt.disconnect();
        }
    }

    /** The held body, or null when the application wrote none. */
    synchronized byte[] body() {
        return body == null ? null : body.bytes();
    }

    void sending(HttpURLConnection attempt) {
        inFlight = attempt;
        if (cancelled) {
            attempt.disconnect();
        }
    }

    @Override
    public boolean isCanceled() {
        return cancelled;
    }

    /** No deadline: the connection's timeouts bound each attempt, not the whole call. */
    @Override
    public long remainingMillis() {
        return Long.MAX_VALUE;
    }
}
