package dev.llmguard.urlconnection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.core.http.ResponseInfo;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

/** A chunked JSON success on HttpURLConnection is not read ahead: its usage is read as the application reads it. */
class ServerResponseUsageTest {
    private static final String BODY = "{\"id\":\"c\",\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}";

    @Test
    void aChunkedJsonSuccessIsReadForItsUsageAsItPasses() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setChunkedBody(BODY, 7));
            server.start();
            // a path outside the guard's scope: the connection is this test's own, whatever else the JVM has
            HttpURLConnection connection = (HttpURLConnection) server.url("/data").url().openConnection();
            ServerResponse response = new ServerResponse(connection, connection.getResponseCode());

            ResponseInfo info = response.view(1024);

            assertThat(info.jsonBody()).as("nothing read ahead").isNull();
            long[] total = {-1};
            info.usageTap().whenEnded(u -> total[0] = u.totalTokens());
            try (InputStream in = response.inputStream()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(BODY);
            }
            assertThat(total[0]).isEqualTo(15);
        }
    }
}
