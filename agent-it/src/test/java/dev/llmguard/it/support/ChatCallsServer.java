package dev.llmguard.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.apps.ChatCallsApp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;

/**
 * A MockWebServer answering like a provider, and {@link ChatCallsApp} run against it in a child JVM
 * with the agent, with the checks every such run must pass: it ends normally, leaks no canary, and
 * no internal error of the agent was suppressed.
 */
public final class ChatCallsServer implements AutoCloseable, BeforeEachCallback, AfterEachCallback {
    private MockWebServer server;
    private RecordingDispatcher dispatcher;

    /** Not started: register it with {@code @RegisterExtension} and it starts afresh for each test. */
    public ChatCallsServer() {
    }

    /** A started server, for use with try-with-resources. */
    public static ChatCallsServer started() throws IOException {
        ChatCallsServer s = new ChatCallsServer();
        s.start();
        return s;
    }

    private void start() throws IOException {
        server = new MockWebServer();
        dispatcher = new RecordingDispatcher();
        server.setDispatcher(dispatcher);
        server.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        close();
    }

    /** Every OkHttp major on every JDK under test. */
    public static Stream<Arguments> okHttpByJdk() {
        List<Arguments> out = new ArrayList<>();
        for (Jdk jdk : Jdk.all()) {
            for (OkHttpVersion v : OkHttpVersion.values()) {
                out.add(Arguments.of(v, jdk));
            }
        }
        return out.stream();
    }

    public RecordingDispatcher dispatcher() {
        return dispatcher;
    }

    public String url(String path) {
        return server.url(path).toString();
    }

    public RunResult run(OkHttpVersion v, Jdk jdk, String... args) throws Exception {
        return run(v, jdk, jvm -> { }, args);
    }

    /** Runs the app with the canaries as key and prompt; {@code args} may override the url. */
    public RunResult run(OkHttpVersion v, Jdk jdk, Consumer<ChildJvm> customizer, String... args) throws Exception {
        List<String> all = new ArrayList<>();
        all.add("url=" + url("/v1/chat/completions"));
        all.add("apiKey=" + Canaries.API_KEY);
        all.add("prompt=" + Canaries.PROMPT);
        all.addAll(Arrays.asList(args));
        ChildJvm jvm = ChildJvm.on(jdk).okHttp(v).main(ChatCallsApp.class.getName(), all.toArray(new String[0]));
        customizer.accept(jvm);
        RunResult result = jvm.run();
        assertThat(result.timedOut).as(result.all()).isFalse();
        assertThat(result.exitCode).as(result.all()).isZero();
        Canaries.assertNoneIn(result);
        assertThat(result.stderr).as("no internal error may be suppressed").doesNotContain("internal error").doesNotContain("strict mode");
        return result;
    }

    /** Milliseconds between two requests' arrivals at the server. */
    public static long millisBetween(RecordingDispatcher.Arrival a, RecordingDispatcher.Arrival b) {
        return (b.nanos - a.nanos) / 1_000_000;
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            server.shutdown();
            server = null;
        }
    }
}
