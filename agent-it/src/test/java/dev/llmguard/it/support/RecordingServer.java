package dev.llmguard.it.support;

import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A MockWebServer with a {@link RecordingDispatcher}, fresh for each test (JUnit makes a test
 * instance per test): {@code @RegisterExtension final RecordingServer server = new RecordingServer();}
 * and {@code final RecordingDispatcher dispatcher = server.dispatcher();}.
 */
public final class RecordingServer implements BeforeEachCallback, AfterEachCallback {
    private final RecordingDispatcher dispatcher = new RecordingDispatcher();
    private MockWebServer server;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        server = new MockWebServer();
        server.setDispatcher(dispatcher);
        server.start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        server.shutdown();
    }

    public MockWebServer mock() {
        return server;
    }

    public RecordingDispatcher dispatcher() {
        return dispatcher;
    }

    public HttpUrl url(String path) {
        return server.url(path);
    }
}
