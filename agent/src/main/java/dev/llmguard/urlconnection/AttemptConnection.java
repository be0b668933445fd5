package dev.llmguard.urlconnection;

import dev.llmguard.core.guard.PriorityRules;
import java.io.IOException;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URL;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;

/**
 * A fresh connection for one attempt of the application's request. An {@code HttpURLConnection}
 * can be sent once, so every attempt is a new one, opened on the same URL with the same proxy and
 * carrying what the application set on its own: method, headers in order (but the guard's own
 * {@code x-llm-guard-priority}), timeouts, redirects,
 * caching, authenticator, streaming mode, and for HTTPS its socket factory and host-name verifier.
 * The JDK adds the headers it adds (User-Agent, Host, Content-Length) as it would have.
 */
final class AttemptConnection {
    private AttemptConnection() {
    }

    /** A new connection with the application's settings, not yet connected. */
    static HttpURLConnection open(ConnectionFields fields, HttpURLConnection app, String method) throws IOException {
        try {
            return configured(fields, app, method);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read the connection's settings", e);
        }
    }

    private static HttpURLConnection configured(ConnectionFields fields, HttpURLConnection app, String method)
            throws IOException, IllegalAccessException {
        URL url = app.getURL();
        Proxy proxy = fields.proxy(app);
        HttpURLConnection c = (HttpURLConnection) (proxy == null ? url.openConnection() : url.openConnection(proxy));
        c.setRequestMethod(method);
        c.setDoInput(app.getDoInput());
        c.setDoOutput(app.getDoOutput());
        c.setAllowUserInteraction(app.getAllowUserInteraction());
        c.setUseCaches(app.getUseCaches());
        c.setIfModifiedSince(app.getIfModifiedSince());
        c.setConnectTimeout(app.getConnectTimeout());
        c.setReadTimeout(app.getReadTimeout());
        c.setInstanceFollowRedirects(app.getInstanceFollowRedirects());
        Authenticator authenticator = fields.authenticator(app);
        if (authenticator != null) {
            c.setAuthenticator(authenticator);
        }
        try {
            List<String> headers = fields.requestHeaders(app);
            for (int i = 0; i < headers.size(); i += 2) {
                if (PriorityRules.HEADER.equalsIgnoreCase(headers.get(i))) {
                    continue; // read when the call began; it is for the guard alone
                }
                c.addRequestProperty(headers.get(i), headers.get(i + 1));
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the request's headers", e);
        }
        int chunk = fields.chunkLength(app);
        long fixed = fields.fixedLength(app);
        if (chunk != -1) {
            c.setChunkedStreamingMode(chunk);
        } else if (fixed != -1) {
            c.setFixedLengthStreamingMode(fixed);
        }
        HttpsURLConnection https = fields.httpsConnection(app);
        if (https != null && c instanceof HttpsURLConnection) {
            ((HttpsURLConnection) c).setSSLSocketFactory(https.getSSLSocketFactory());
            ((HttpsURLConnection) c).setHostnameVerifier(https.getHostnameVerifier());
        }
        return c;
    }
}
