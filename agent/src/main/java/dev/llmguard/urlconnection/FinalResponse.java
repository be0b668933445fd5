package dev.llmguard.urlconnection;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;

/**
 * The response an application's {@code HttpURLConnection} shows once the guard has run its call:
 * the final attempt's ({@link ServerResponse}) or the guard's own answer ({@link LocalAnswer}).
 * Each method answers as the connection's method of the same name would have.
 */
interface FinalResponse {
    InputStream inputStream() throws IOException;

    InputStream errorStream();

    String headerField(String name);

    /** Field 0 is the status line. */
    String headerField(int n);

    String headerFieldKey(int n);

    Map<String, List<String>> headerFields();

    void disconnect();

    /** The connection whose TLS session the application asks about, or null when none was made. */
    HttpsURLConnection tls();
}
