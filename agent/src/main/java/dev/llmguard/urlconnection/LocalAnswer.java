package dev.llmguard.urlconnection;

import dev.llmguard.core.exchange.LocalResponse;
import dev.llmguard.core.http.Headers;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;

/**
 * The guard's own answer (a local refusal) as an {@code HttpURLConnection} shows a server's: the
 * status line as field 0, the headers, the body on the error stream, and {@code getInputStream}
 * failing with the JDK's own message for an error status.
 */
final class LocalAnswer implements FinalResponse {
    private final LocalResponse response;
    private final URL url;
    private final List<String> keys = new ArrayList<String>();
    private final List<String> values = new ArrayList<String>();
    private InputStream errorStream;

    LocalAnswer(LocalResponse response, URL url) {
        this.response = response;
        this.url = url;
        keys.add(null);
        values.add("HTTP/1.1 " + response.status() + " " + response.reason());
        Headers headers = response.headers();
        for (int i = 0; i < headers.size(); i++) {
            keys.add(headers.name(i));
            values.add(headers.value(i));
        }
    }

    @Override
    public InputStream inputStream() throws IOException {
        int status = response.status();
        if (status == 404 || status == 410) {
            throw new FileNotFoundException(url.toString());
        }
        throw new IOException("Server returned HTTP response code: " + status + " for URL: " + url);
    }

    @Override
    public synchronized InputStream errorStream() {
        if (errorStream == null) {
            errorStream = new ByteArrayInputStream(response.body());
        }
        return errorStream;
    }

    /** The last value of the field, as the JDK answers. */
    @Override
    public String headerField(String name) {
        for (int i = keys.size() - 1; i > 0; i--) {
            if (keys.get(i).equalsIgnoreCase(name)) {
                return values.get(i);
            }
        }
        return null;
    }

    @Override
    public String headerField(int n) {
        return n >= 0 && n < values.size() ? values.get(n) : null;
    }

    @Override
    public String headerFieldKey(int n) {
        return n >= 0 && n < keys.size() ? keys.get(n) : null;
    }

    @Override
    public Map<String, List<String>> headerFields() {
        Map<String, List<String>> fields = new LinkedHashMap<String, List<String>>();
        for (int i = 0; i < keys.size(); i++) {
            List<String> list = fields.get(keys.get(i));
            if (list == null) {
                list = new ArrayList<String>();
                fields.put(keys.get(i), list);
            }
            list.add(0, values.get(i)); // the JDK lists a field's values last first
        }
        for (Map.Entry<String, List<String>> e : fields.entrySet()) {
            e.setValue(Collections.unmodifiableList(e.getValue()));
        }
        return Collections.unmodifiableMap(fields);
    }

    @Override
    public void disconnect() {
        // nothing was connected
    }

    @Override
    public HttpsURLConnection tls() {
        return null;
    }
}
