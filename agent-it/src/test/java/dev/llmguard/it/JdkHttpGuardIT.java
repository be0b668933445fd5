package dev.llmguard.it;

import static dev.llmguard.it.support.OpenAiResponses.ok;
import static dev.llmguard.it.support.OpenAiResponses.rateLimited;
import static dev.llmguard.it.support.OpenAiResponses.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.apps.JdkHttpApp;
import dev.llmguard.it.support.Canaries;
import dev.llmguard.it.support.ChildJvm;
import dev.llmguard.it.support.ChildRuns;
import dev.llmguard.it.support.Jdk;
import dev.llmguard.it.support.RecordingDispatcher;
import dev.llmguard.it.support.RecordingDispatcher.Arrival;
import dev.llmguard.it.support.RunResult;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import okhttp3.Protocol;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent on a plain {@code java.net.http.HttpClient} application in a real JVM, on every JDK
 * under test, sync and async, HTTP/1.1 and HTTP/2 over TLS, against a local server that answers
 * like OpenAI.
 */
class JdkHttpGuardIT {
    private MockWebServer server;
    private final RecordingDispatcher dispatcher = new RecordingDispatcher();

    static List<Jdk> jdks() {
        return Jdk.all();
    }

    @BeforeEach
    void start() throws Exception {
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
        ChildJvm jvm = ChildJvm.on(jdk).classpath(ChildJvm.testClasses()).main(JdkHttpApp.class.getName(), all);
        customizer.accept(jvm);
        return ChildRuns.assertClean(jvm.run());
    }

    private RunResult run(Jdk jdk, String... args) throws Exception {
        return run(jdk, jvm -> { }, args);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void sendRetriesA429HonouringRetryAfterWithTheSameBody(Jdk jdk) throws Exception {
        dispatcher.then(rateLimited().setHeader("retry-after", "1")).then(ok());

        RunResult result = run(jdk);

        assertThat(ChildRuns.call(result, 0)).contains("status=200").contains(Canaries.RESPONSE);
        List<Arrival> arrivals = dispatcher.arrivals();
        assertThat(arrivals).hasSize(2);
        assertThat(arrivals.get(1).body).isEqualTo(arrivals.get(0).body);
        assertThat((arrivals.get(1).nanos - arrivals.get(0).nanos) / 1_000_000).isBetween(1000L, 3500L);
        assertThat(ChildRuns.agentLinesWith(result, "WARN", "rate limited (429", "/v1/chat/completions", "model=gpt-4o-mini",
                "attempt 1 of 5", "(retry-after)")).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void sendAsyncRetriesOnTheTimerAndTheFutureGetsTheFinalResponse(Jdk jdk) throws Exception {
        dispatcher.then(rateLimited().setHeader("retry-after-ms", "300")).then(status(503)).then(ok());

        RunResult result = run(jdk, "mode=async");

        assertThat(ChildRuns.call(result, 0)).contains("status=200").contains(Canaries.RESPONSE);
        assertThat(dispatcher.count()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void givesTheApplicationTheLastErrorResponseThroughItsOwnHandler(Jdk jdk) throws Exception {
        for (int i = 0; i < 5; i++) {
            dispatcher.then(status(503).setHeader("x-request-id", "req_" + i).setBody("{\"n\":" + i + "}"));
        }

        RunResult result = run(jdk, "handler=stream", "mode=async");

        assertThat(ChildRuns.call(result, 0)).contains("status=503").endsWith("body={\"n\":4}");
        assertThat(dispatcher.count()).isEqualTo(5);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void neverRetriesWrongRequestsQuotaErrorsOrOneShotBodies(Jdk jdk) throws Exception {
        dispatcher.then(status(400));
        RunResult wrong = run(jdk);
        assertThat(ChildRuns.call(wrong, 0)).contains("status=400");
        assertThat(dispatcher.count()).isEqualTo(1);

        dispatcher.then(new MockResponse().setResponseCode(429).setHeader("content-type", "application/json")
                .setBody("{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\","
                        + "\"param\":null,\"code\":\"insufficient_quota\"}}"));
        RunResult quota = run(jdk);
        assertThat(ChildRuns.call(quota, 0)).contains("status=429").contains("insufficient_quota");
        assertThat(dispatcher.count()).isEqualTo(2);
        assertThat(ChildRuns.agentLinesWith(quota, "ERROR", "quota exhausted")).hasSize(1);

        dispatcher.then(rateLimited().setHeader("retry-after-ms", "10"));
        RunResult oneShot = run(jdk, "body=oneshot");
        assertThat(ChildRuns.call(oneShot, 0)).contains("status=429");
        assertThat(dispatcher.count()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void leavesCallsOutsideItsScopeAlone(Jdk jdk) throws Exception {
        dispatcher.then(rateLimited().setHeader("retry-after-ms", "10"));

        RunResult result = run(jdk, "url=" + server.url("/internal/orders"));

        assertThat(ChildRuns.call(result, 0)).contains("status=429");
        assertThat(dispatcher.count()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void withoutTheAgentA429ReachesTheApplication(Jdk jdk) throws Exception {
        dispatcher.then(rateLimited().setHeader("retry-after-ms", "10")).then(ok());

        RunResult result = run(jdk, ChildJvm::withoutAgent);

        assertThat(ChildRuns.call(result, 0)).contains("status=429");
        assertThat(dispatcher.count()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void pacesManyThreadsBelowTheLearnedLimit(Jdk jdk) throws Exception {
        // 120 requests/min: a burst of one, then one every half second; 6 calls from 6 threads
        for (int i = 0; i < 6; i++) {
            dispatcher.then(ok().setHeader("x-ratelimit-limit-requests", "120").setHeader("x-ratelimit-remaining-requests", "119")
                    .setHeader("x-ratelimit-reset-requests", "500ms"));
        }

        RunResult result = run(jdk, "calls=6", "threads=6");

        assertThat(result.lines("CALL ")).hasSize(6).allSatisfy(l -> assertThat(l).contains("status=200"));
        List<Arrival> arrivals = dispatcher.arrivals();
        long spreadMillis = (arrivals.get(5).nanos - arrivals.get(0).nanos) / 1_000_000;
        assertThat(spreadMillis).as("6 requests at 2 per second after the first").isGreaterThanOrEqualTo(1500);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void guardsHttp2OverTls(Jdk jdk) throws Exception {
        String host = InetAddress.getByName("localhost").getCanonicalHostName();
        HeldCertificate cert = new HeldCertificate.Builder().addSubjectAlternativeName(host).addSubjectAlternativeName("localhost").build();
        HandshakeCertificates certs = new HandshakeCertificates.Builder().heldCertificate(cert).build();
        server.useHttps(certs.sslSocketFactory(), false);
        server.setProtocols(Arrays.asList(Protocol.HTTP_2, Protocol.HTTP_1_1));
        server.start();
        dispatcher.then(rateLimited().setHeader("retry-after-ms", "200")).then(ok());

        RunResult result = run(jdk, jvm -> jvm.property("jdk.internal.httpclient.disableHostnameVerification", "true"),
                "url=" + server.url("/v1/chat/completions"), "version=http2", "mode=async");

        assertThat(ChildRuns.call(result, 0)).contains("status=200").contains("version=HTTP_2");
        assertThat(dispatcher.count()).isEqualTo(2);
    }
}
