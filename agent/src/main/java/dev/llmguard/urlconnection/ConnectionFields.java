package dev.llmguard.urlconnection;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URLConnection;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;

/**
 * What the guard reads of a JDK {@code HttpURLConnection} that its public API does not show: the
 * request headers as set (the API hides {@code Authorization}, which is the quota's key), the proxy
 * it was opened with, its authenticator, streaming mode, and the HTTPS connection an HTTPS
 * delegate belongs to. Looked up once, after java.base opened these packages to the agent; when a
 * JDK lacks one of them, the guard leaves HttpURLConnection alone.
 */
final class ConnectionFields {
    static final String HTTP_CONNECTION = "sun.net.www.protocol.http.HttpURLConnection";
    static final String HTTPS_DELEGATE = "sun.net.www.protocol.https.DelegateHttpsURLConnection";
    static final String HTTPS_CONNECTION = "sun.net.www.protocol.https.HttpsURLConnectionImpl";
    static final String[] OPENED_PACKAGES = {"sun.net.www", "sun.net.www.http", "sun.net.www.protocol.https", "java.net"};

    /** The headers of a connection not yet connected, as set: {@code userHeaders} lacks Content-Type. */
    private final Field requests;
    private final Method headerKey;
    private final Method headerValue;
    private final Field proxy;
    private final Field authenticator;
    private final Field connected;
    private final Field chunkLength;
    private final Field fixedLength;
    private final Field fixedLengthLong;
    private final Field httpsOuter;
    private final Field httpsDelegate;
    private final Field client;
    private final Method doNotRetry;

    ConnectionFields(Class<?> httpConnection) throws ReflectiveOperationException {
        requests = accessible(httpConnection.getDeclaredField("requests"));
        Class<?> messageHeader = requests.getType();
        headerKey = messageHeader.getMethod("getKey", int.class);
        headerValue = messageHeader.getMethod("getValue", int.class);
        proxy = accessible(httpConnection.getDeclaredField("instProxy"));
        authenticator = accessible(httpConnection.getDeclaredField("authenticator"));
        connected = accessible(URLConnection.class.getDeclaredField("connected"));
        chunkLength = accessible(HttpURLConnection.class.getDeclaredField("chunkLength"));
        fixedLength = accessible(HttpURLConnection.class.getDeclaredField("fixedContentLength"));
        fixedLengthLong = accessible(HttpURLConnection.class.getDeclaredField("fixedContentLengthLong"));
        Class<?> delegate = Class.forName(HTTPS_DELEGATE, false, httpConnection.getClassLoader());
        httpsOuter = accessible(delegate.getDeclaredField("httpsURLConnection"));
        httpsDelegate = accessible(Class.forName(HTTPS_CONNECTION, false, httpConnection.getClassLoader()).getDeclaredField("delegate"));
        client = accessible(httpConnection.getDeclaredField("http"));
        doNotRetry = client.getType().getMethod("setDoNotRetry", boolean.class);
    }

    private static Field accessible(Field f) {
        f.setAccessible(true);
        return f;
    }

    /** The request headers as the application set them (before it connected), in order, {@code Authorization} included: name, value, name, value... */
    List<String> requestHeaders(HttpURLConnection c) throws ReflectiveOperationException {
        Object headers = requests.get(c);
        List<String> namesAndValues = new ArrayList<String>();
        for (int i = 0; ; i++) {
            String name = (String) headerKey.invoke(headers, i);
            if (name == null) {
                return namesAndValues;
            }
            namesAndValues.add(name);
            namesAndValues.add((String) headerValue.invoke(headers, i));
        }
    }

    /** The proxy given to {@code openConnection(proxy)}, or null. */
    Proxy proxy(HttpURLConnection c) throws IllegalAccessException {
        return (Proxy) proxy.get(c);
    }

    Authenticator authenticator(HttpURLConnection c) throws IllegalAccessException {
        return (Authenticator) authenticator.get(c);
    }

    boolean connected(HttpURLConnection c) throws IllegalAccessException {
        return connected.getBoolean(c);
    }

    /** Marks a connection the guard answered for as connected, so that setting a header on it now fails as it would have. */
    void markConnected(HttpURLConnection c) throws IllegalAccessException {
        connected.setBoolean(c, true);
    }

    int chunkLength(HttpURLConnection c) throws IllegalAccessException {
        return chunkLength.getInt(c);
    }

    /** The length given to {@code setFixedLengthStreamingMode}, or -1. */
    long fixedLength(HttpURLConnection c) throws IllegalAccessException {
        long asLong = fixedLengthLong.getLong(c);
        return asLong != -1 ? asLong : fixedLength.getInt(c);
    }

    /**
     * Tells a connected attempt's HTTP client not to send the request a second time itself (the
     * JDK re-sends once when a kept-alive connection turns out closed): the guard's attempts are
     * each sent once, so that max-attempts bounds what the server receives.
     */
    void sendOnce(HttpURLConnection attempt) throws ReflectiveOperationException {
        Object c = httpsDelegate.getDeclaringClass().isInstance(attempt) ? httpsDelegate.get(attempt) : attempt;
        Object http = client.get(c);
        if (http != null) {
            doNotRetry.invoke(http, true);
        }
    }

    /** The application's {@code HttpsURLConnection} when {@code c} is its delegate, else null. */
    HttpsURLConnection httpsConnection(HttpURLConnection c) throws IllegalAccessException {
        return httpsOuter.getDeclaringClass().isInstance(c) ? (HttpsURLConnection) httpsOuter.get(c) : null;
    }
}
