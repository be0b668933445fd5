package dev.llmguard.it;

import static dev.llmguard.it.support.OpenAiResponses.ok;
import static dev.llmguard.it.support.OpenAiResponses.rateLimited;
import static dev.llmguard.it.support.OpenAiResponses.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.apps.UrlConnectionApp;
import dev.llmguard.it.support.Canaries;
import dev.llmguard.it.support.ChildJvm;
import dev.llmguard.it.support.ChildRuns;
import dev.llmguard.it.support.Jdk;
import dev.llmguard.it.support.RecordingDispatcher;
import dev.llmguard.it.support.RecordingDispatcher.Arrival;
import dev.llmguard.it.support.RunResult;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent on a plain {@code HttpURLConnection} application in a real JVM, on every JDK under
 * test, over HTTP and HTTPS, against a local server that answers like OpenAI: each attempt is a
 * fresh connection, the application's connection shows the final attempt.
 */
class UrlConnectionGuardIT {
    private MockWebServer server;
    private final RecordingDispatcher dispatcher = new RecordingDispatcher();

    static List<Jdk> jdks() {
        return Jdk.all();
    }

    @BeforeEach
    void start() {
        server = new MockWebServer();
        server.setDispatcher(dispatcher);
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private RunResult run(Jdk jdk, Consumer<ChildJvm> customizer, String... args) throws Exception {
        String[] all = new String[args.length + 3];
        all[0] = "url=" + server.url("/v1/chat/completions");
        all[1] = "apiKey=" + Canaries.API_KEY;
        all[2] = "prompt=" + Canaries.PROMPT;
        System.arraycopy(args, 0, all, 3, args.length);
        ChildJvm jvm = ChildJvm.on(jdk).classpath(ChildJvm.testClasses()).main(UrlConnectionApp.class.getName(), all);
        customizer.accept(jvm);
        return ChildRuns.assertClean(jvm.run());
    }

    private RunResult run(Jdk jdk, String... args) throws Exception {
        return run(jdk, jvm -> { }, args);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void retriesA429OnAFreshConnectionWithTheSameBodyAndHeaders(Jdk jdk) throws Exception {
        dispatcher.then(rateLimited().setHeader("retry-after", "1")).then(ok());

        RunResult result = run(jdk);

        String call = ChildRuns.call(result, 0);
        assertThat(call).contains("status=200 message=OK").contains("body=" + ok().getBody().readUtf8()).doesNotContain("error=");
        List<Arrival> arrivals = dispatcher.arrivals();
        assertThat(arrivals).hasSize(2);
        assertThat(arrivals.get(0).body).contains(Canaries.PROMPT);
        assertThat(call).contains("sha=" + arrivals.get(0).bodySha256);
        assertThat(arrivals.get(1).bodySha256).isEqualTo(arrivals.get(0).bodySha256);
        for (Arrival arrival : arrivals) {
            assertThat(arrival.headers.get("authorization")).containsExactly("Bearer " + Canaries.API_KEY);
            assertThat(arrival.headers.get("content-type")).containsExactly("application/json");
            assertThat(arrival.headers.get("content-length")).containsExactly(String.valueOf(arrival.bodyBytes));
        }
        assertThat((arrivals.get(1).nanos - arrivals.get(0).nanos) / 1_000_000).isBetween(1000L, 3500L);
        assertThat(ChildRuns.agentLinesWith(result, "WARN", "rate limited (429", "/v1/chat/completions", "model=gpt-4o-mini",
                "attempt 1 of 5", "(retry-after)")).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void whenItGivesUpTheConnectionShowsTheLastResponseAsTheJdkWould(Jdk jdk) throws Exception {
        AtomicInteger n = new AtomicInteger();
        dispatcher.then(() -> status(503).setHeader("retry-after-ms", "20").setBody("{\"n\":" + n.getAndIncrement() + "}"));

        RunResult result = run(jdk, "calls=2", "read=headers");

        assertThat(dispatcher.count()).as("2 calls, 5 attempts each").isEqualTo(10);
        String url = server.url("/v1/chat/completions").toString();
        assertThat(result.lines("CALL ")).hasSize(2).allSatisfy(l -> assertThat(l)
                .contains("first=HTTP/1.1 503 Server Error", "status=503 message=Server Error",
                        "error=java.io.IOException: Server returned HTTP response code: 503 for URL: " + url)
                .containsPattern("body=\\{\"n\":[0-9]\\}$"));
        assertThat(ChildRuns.agentLinesWith(result, "giving up", "attempt 5 of 5")).hasSize(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void streamingModesAreRetriedWithTheSameFraming(Jdk jdk) throws Exception {
        dispatcher.then(rateLimited().setHeader("retry-after-ms", "50")).then(ok());
        RunResult fixed = run(jdk, "streaming=fixed");
        assertThat(ChildRuns.call(fixed, 0)).contains("status=200");

        dispatcher.then(rateLimited().setHeader("retry-after-ms", "50")).then(ok());
        RunResult chunked = run(jdk, "streaming=chunked");
        assertThat(ChildRuns.call(chunked, 0)).contains("status=200");

        List<Arrival> arrivals = dispatcher.arrivals();
        assertThat(arrivals).hasSize(4);
        assertThat(arrivals).extracting(a -> a.bodySha256).containsExactly(arrivals.get(0).bodySha256, arrivals.get(0).bodySha256, arrivals.get(2).bodySha256,
                arrivals.get(2).bodySha256);
        assertThat(arrivals.get(1).headers.get("content-length")).containsExactly(String.valueOf(arrivals.get(1).bodyBytes));
        assertThat(arrivals.get(3).headers.get("transfer-encoding")).containsExactly("chunked");
        assertThat(arrivals.get(3).headers.get("content-length")).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void aBodyLongerThanTheCaptureBoundIsSentOnceAsItIs(Jdk jdk) throws Exception {
        dispatcher.then(rateLimited().setHeader("retry-after-ms", "10"));

        RunResult result = run(jdk, jvm -> jvm.property("llmguard.capture.max-body-bytes", "1000"), "padding=5000");

        assertThat(ChildRuns.call(result, 0)).contains("status=429");
        List<Arrival> arrivals = dispatcher.arrivals();
        assertThat(arrivals).hasSize(1);
        assertThat(arrivals.get(0).bodyBytes).isGreaterThan(5000);
        assertThat(ChildRuns.call(result, 0)).contains("sha=" + arrivals.get(0).bodySha256);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void leavesCallsOutsideItsScopeAndRunsWithoutTheAgentAlone(Jdk jdk) throws Exception {
        dispatcher.then(rateLimited().setHeader("retry-after-ms", "10"));
        RunResult outOfScope = run(jdk, "url=" + server.url("/internal/orders"));
        assertThat(ChildRuns.call(outOfScope, 0)).contains("status=429");
        assertThat(dispatcher.count()).isEqualTo(1);

        dispatcher.then(rateLimited().setHeader("retry-after-ms", "10"));
        RunResult withoutAgent = run(jdk, ChildJvm::withoutAgent);
        assertThat(ChildRuns.call(withoutAgent, 0)).contains("status=429", "error=java.io.IOException: Server returned HTTP response code: 429");
        assertThat(dispatcher.count()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void guardsHttpsWithTheApplicationsSocketFactory(Jdk jdk) throws Exception {
        String host = InetAddress.getByName("localhost").getCanonicalHostName();
        HeldCertificate cert = new HeldCertificate.Builder().addSubjectAlternativeName(host).addSubjectAlternativeName("localhost").build();
        server.useHttps(new HandshakeCertificates.Builder().heldCertificate(cert).build().sslSocketFactory(), false);
        server.start();
        dispatcher.then(rateLimited().setHeader("retry-after-ms", "200")).then(ok());

        RunResult result = run(jdk, "url=" + server.url("/v1/chat/completions"));

        assertThat(ChildRuns.call(result, 0)).contains("status=200", "cipher=true");
        List<Arrival> arrivals = dispatcher.arrivals();
        assertThat(arrivals).hasSize(2);
        assertThat(arrivals.get(1).bodySha256).isEqualTo(arrivals.get(0).bodySha256);
    }
}
