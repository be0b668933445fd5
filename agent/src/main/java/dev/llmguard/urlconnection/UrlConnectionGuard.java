package dev.llmguard.urlconnection;

import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.core.loop.RetryLoop;
import dev.llmguard.log.InternalErrors;
import java.net.HttpURLConnection;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Function;

/**
 * The guard's entry for the advice in {@code HttpURLConnection}: decides once per connection, at
 * its first advised method, whether the guard runs its call ({@link GuardedConnection}) or lets it
 * run as it is (out of scope, connected before the agent attached, a body too long to hold).
 * Every method the guard itself calls on a connection, the attempts' included, runs inside this
 * entry on the same thread and so is never taken over again.
 */
final class UrlConnectionGuard implements Function<Object[], Object>, GuardedConnection.Release {
    private static final Object LET_GO = new Object();
    private static final ThreadLocal<boolean[]> INSIDE = new ThreadLocal<boolean[]>() {
        @Override
        protected boolean[] initialValue() {
            return new boolean[1];
        }
    };

    private final RequestGuard requestGuard;
    private final RetryLoop loop;
    /** Keyed by identity (connections do not override equals); dropped with the connection. */
    private final Map<HttpURLConnection, Object> connections = Collections.synchronizedMap(new WeakHashMap<HttpURLConnection, Object>());
    private volatile ConnectionFields fields;
    private volatile boolean unavailable;

    UrlConnectionGuard(RequestGuard requestGuard) {
        this.requestGuard = requestGuard;
        this.loop = new RetryLoop(requestGuard);
    }

    @Override
    public Object apply(Object[] call) {
        boolean[] inside = INSIDE.get();
        if (inside[0]) {
            return null;
        }
        inside[0] = true;
        try {
            HttpURLConnection connection = (HttpURLConnection) call[0];
            String method = (String) call[1];
            GuardedConnection guarded = guarded(connection, method);
            return guarded == null ? null : guarded.call(method, (Object[]) call[2]);
        } catch (Exception e) {
            throw Rethrow.<RuntimeException>unchecked(e); // the final attempt's exception, as the method's own
        } finally {
            inside[0] = false;
        }
    }

    @Override
    public void letGo(HttpURLConnection connection) {
        connections.put(connection, LET_GO);
    }

    private GuardedConnection guarded(HttpURLConnection connection, String method) {
        Object state = connections.get(connection);
        if (state instanceof GuardedConnection) {
            return (GuardedConnection) state;
        }
        if (state == LET_GO || "disconnect".equals(method) || unavailable) {
            return null;
        }
        try {
            ConnectionFields f = fields();
            GuardedConnection guarded = null;
            if (!f.connected(connection)) { // connected before the agent attached: it goes on as it is
                guarded = new GuardedConnection(connection, f, loop, requestGuard.config().capture().maxBodyBytes(), this);
                if (!requestGuard.covers(new UrlConnectionExchange(guarded, connection, f))) {
                    guarded = null;
                }
            }
            connections.put(connection, guarded == null ? LET_GO : guarded);
            return guarded;
        } catch (Throwable t) {
            InternalErrors.report("reading an HttpURLConnection request", t);
            connections.put(connection, LET_GO);
            return null;
        }
    }

    private ConnectionFields fields() throws ReflectiveOperationException {
        ConnectionFields f = fields;
        if (f == null) {
            try {
                f = new ConnectionFields(Class.forName(ConnectionFields.HTTP_CONNECTION, false, null));
            } catch (ReflectiveOperationException | RuntimeException e) {
                unavailable = true; // this JDK's HttpURLConnection is not the one the guard knows: left alone
                throw e;
            }
            fields = f;
        }
        return f;
    }

    /** Throws a checked exception from a method that cannot declare it. */
    private static final class Rethrow {
        @SuppressWarnings("unchecked")
        static <T extends Throwable> T unchecked(Throwable t) throws T {
            throw (T) t;
        }
    }
}
