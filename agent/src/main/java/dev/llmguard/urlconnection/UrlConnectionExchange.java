package dev.llmguard.urlconnection;

import dev.llmguard.core.exchange.BlockingExchange;
import dev.llmguard.core.exchange.CallControl;
import dev.llmguard.core.exchange.LocalResponse;
import dev.llmguard.core.http.Headers;
import dev.llmguard.core.http.RequestInfo;
import dev.llmguard.core.http.ResponseInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.List;

/**
 * One call of an application's {@code HttpURLConnection} as the core's retry loop sees it: the
 * request as the application set it up, and each attempt sent on a fresh connection
 * ({@link AttemptConnection}) with the held body.
 */
final class UrlConnectionExchange implements BlockingExchange<FinalResponse> {
    private final GuardedConnection call;
    private final HttpURLConnection connection;
    private final ConnectionFields fields;
    private final List<String> headers;

    UrlConnectionExchange(GuardedConnection call, HttpURLConnection connection, ConnectionFields fields)
            throws ReflectiveOperationException {
        this.call = call;
        this.connection = connection;
        this.fields = fields;
        this.headers = fields.requestHeaders(connection);
    }

    @Override
    public String host() {
        return connection.getURL().getHost();
    }

    @Override
    public String path() {
        String path = connection.getURL().getPath();
        return path.isEmpty() ? "/" : path;
    }

    @Override
    public String header(String name) {
        for (int i = 0; i < headers.size(); i += 2) {
            if (headers.get(i).equalsIgnoreCase(name)) {
                return headers.get(i + 1);
            }
        }
        return null;
    }

    @Override
    public RequestInfo request(int maxBodyCaptureBytes) {
        URL url = connection.getURL();
        Headers.Builder h = Headers.builder();
        for (int i = 0; i < headers.size(); i += 2) {
            h.add(headers.get(i), headers.get(i + 1));
        }
        byte[] body = call.body();
        return RequestInfo.builder()
                .method(connection.getRequestMethod())
                .scheme(url.getProtocol())
                .host(url.getHost())
                .port(url.getPort() == -1 ? url.getDefaultPort() : url.getPort())
                .path(path())
                .query(url.getQuery())
                .headers(h.build())
                .body(body)
                .bodyLength(body == null ? 0 : body.length)
                .bodyReplayable(true)
                .build();
    }

    @Override
    public CallControl control() {
        return call;
    }

    @Override
    public FinalResponse send() throws IOException {
        HttpURLConnection attempt = AttemptConnection.open(fields, connection, connection.getRequestMethod());
        byte[] body = call.body();
        attempt.setDoOutput(body != null || attempt.getDoOutput());
        call.sending(attempt);
        attempt.connect();
        try {
            fields.sendOnce(attempt);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach the attempt's HTTP client", e);
        }
        if (body != null) {
            OutputStream out = attempt.getOutputStream();
            try {
                out.write(body);
            } finally {
                out.close();
            }
        }
        return new ServerResponse(attempt, attempt.getResponseCode());
    }

    @Override
    public ResponseInfo view(FinalResponse response, int maxJsonBodyBytes) {
        return ((ServerResponse) response).view(maxJsonBodyBytes);
    }

    @Override
    public void discard(FinalResponse response) {
        ((ServerResponse) response).discard();
    }

    @Override
    public FinalResponse answerLocally(LocalResponse response) {
        return new LocalAnswer(response, connection.getURL());
    }
}
