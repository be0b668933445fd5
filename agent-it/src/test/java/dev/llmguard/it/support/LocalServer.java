package dev.llmguard.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;

/**
 * A fresh loopback MockWebServer with a {@link RecordingDispatcher} for each test, started on first
 * use (so a test may choose its protocols first) and shut down after it. Use with
 * {@code @RegisterExtension final LocalServer server = new LocalServer();}.
 */
public final class LocalServer implements BeforeEachCallback, AfterEachCallback {
    private MockWebServer server;
    private RecordingDispatcher dispatcher;
    private boolean started;

    @Override
    public void beforeEach(ExtensionContext context) {
        server = new MockWebServer();
        dispatcher = new RecordingDispatcher();
        server.setDispatcher(dispatcher);
        started = false;
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        server.shutdown();
    }

    /** The server itself, to set protocols or another dispatcher before the first {@link #url}. */
    public MockWebServer server() {
        return server;
    }

    public RecordingDispatcher dispatcher() {
        return dispatcher;
    }

    /** Replaces the dispatcher with an empty one, for a test that runs several scenarios. */
    public RecordingDispatcher newDispatcher() {
        dispatcher = new RecordingDispatcher();
        server.setDispatcher(dispatcher);
        return dispatcher;
    }

    public HttpUrl url(String path) {
        if (!started) {
            try {
                server.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            started = true;
        }
        return server.url(path);
    }

    /** Every OkHttp major on every JDK under test, for {@code @MethodSource}. */
    public static Stream<Arguments> okHttpOnEveryJdk() {
        List<Arguments> out = new ArrayList<>();
        for (Jdk jdk : Jdk.all()) {
            for (OkHttpVersion v : OkHttpVersion.values()) {
                out.add(Arguments.of(v, jdk));
            }
        }
        return out.stream();
    }
}
