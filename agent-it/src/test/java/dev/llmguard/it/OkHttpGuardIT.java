package dev.llmguard.it;

import static dev.llmguard.it.support.OpenAiResponses.ok;
import static dev.llmguard.it.support.OpenAiResponses.rateLimited;
import static dev.llmguard.it.support.OpenAiResponses.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.support.Canaries;
import dev.llmguard.it.support.ChatCallsServer;
import dev.llmguard.it.support.ChildJvm;
import dev.llmguard.it.support.Jdk;
import dev.llmguard.it.support.OkHttpVersion;
import dev.llmguard.it.support.RecordingDispatcher.Arrival;
import dev.llmguard.it.support.RunResult;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent attached to a plain OkHttp application in a real JVM, on every supported OkHttp major
 * and every JDK under test, against a local server that answers like OpenAI.
 */
class OkHttpGuardIT {
    @RegisterExtension
    final ChatCallsServer server = new ChatCallsServer();

    static Stream<Arguments> matrix() {
        return ChatCallsServer.okHttpByJdk();
    }

    private RunResult runApp(OkHttpVersion v, Jdk jdk, Consumer<ChildJvm> customizer, String... args) throws Exception {
        return server.run(v, jdk, customizer, args);
    }

    private RunResult runApp(OkHttpVersion v, Jdk jdk, String... args) throws Exception {
        return server.run(v, jdk, args);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("matrix")
    void retriesA429AndHonoursRetryAfter(OkHttpVersion v, Jdk jdk) throws Exception {
        server.dispatcher().then(rateLimited().setHeader("retry-after", "1")).then(ok());

        RunResult result = runApp(v, jdk);

        assertThat(result.lines("CALL 0 ")).singleElement().asString().contains("status=200").contains(Canaries.RESPONSE);
        List<Arrival> arrivals = server.dispatcher().arrivals();
        assertThat(arrivals).hasSize(2);
        assertThat(arrivals.get(1).body).as("retried body is byte-identical").isEqualTo(arrivals.get(0).body);
        long gapMillis = (arrivals.get(1).nanos - arrivals.get(0).nanos) / 1_000_000;
        assertThat(gapMillis).as("waited at least retry-after: 1").isBetween(1000L, 3500L);
        assertThat(result.agentLines()).anySatisfy(line -> assertThat(line)
                .contains("WARN").contains("rate limited (429").contains("POST").contains("/v1/chat/completions")
                .contains("model=gpt-4o-mini").contains("attempt 1 of 5").contains("(retry-after)")
                .contains("requests 0/500").contains("request-id=req_429"));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("matrix")
    void neverRetriesRequestsThatAreWrong(OkHttpVersion v, Jdk jdk) throws Exception {
        for (int code : new int[] {400, 401, 403, 404, 422}) {
            server.dispatcher().then(status(code));
        }
        server.dispatcher().then(ok());

        RunResult result = runApp(v, jdk, "calls=5");

        assertThat(server.dispatcher().count()).isEqualTo(5);
        assertThat(result.lines("CALL ")).extracting(l -> l.split(" ")[2])
                .containsExactly("status=400", "status=401", "status=403", "status=404", "status=422");
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("matrix")
    void neverResendsAOneShotBody(OkHttpVersion v, Jdk jdk) throws Exception {
        server.dispatcher().then(rateLimited().setHeader("retry-after-ms", "50")).then(ok());

        RunResult result = runApp(v, jdk, "body=oneshot");

        assertThat(server.dispatcher().count()).isEqualTo(1);
        assertThat(result.lines("CALL 0 ")).singleElement().asString().contains("status=429");
        assertThat(result.agentLines()).anySatisfy(line -> assertThat(line).contains("giving up").contains("one-shot"));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("matrix")
    void guardsAsyncCalls(OkHttpVersion v, Jdk jdk) throws Exception {
        server.dispatcher().then(rateLimited().setHeader("retry-after-ms", "100")).then(rateLimited().setHeader("retry-after-ms", "100"))
                .then(ok());

        RunResult result = runApp(v, jdk, "mode=async");

        assertThat(result.lines("CALL 0 ")).singleElement().asString().contains("status=200");
        assertThat(server.dispatcher().count()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("matrix")
    void leavesOtherTrafficAlone(OkHttpVersion v, Jdk jdk) throws Exception {
        server.dispatcher().then(rateLimited().setHeader("retry-after-ms", "50")).then(ok());

        RunResult result = runApp(v, jdk, "url=" + server.url("/api/orders"));

        assertThat(server.dispatcher().count()).isEqualTo(1);
        assertThat(result.lines("CALL 0 ")).singleElement().asString().contains("status=429");
        assertThat(result.agentLines()).noneSatisfy(line -> assertThat(line).contains("/api/orders"));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("matrix")
    void maxAttemptsBoundsWhatTheServerReceives(OkHttpVersion v, Jdk jdk) throws Exception {
        server.dispatcher().then(status(503));

        RunResult result = runApp(v, jdk, jvm -> jvm.agentArgs("retry.max-attempts=3,retry.base-delay=20ms"));

        assertThat(server.dispatcher().count()).isEqualTo(3);
        assertThat(result.lines("CALL 0 ")).singleElement().asString().contains("status=503");
        assertThat(result.agentLines()).anySatisfy(line -> assertThat(line).contains("giving up").contains("attempt 3 of 3"));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("matrix")
    void guardIsFirstAndOnlyOnceWhenClientsAreRebuilt(OkHttpVersion v, Jdk jdk) throws Exception {
        server.dispatcher().then(rateLimited().setHeader("retry-after-ms", "50")).then(ok());

        RunResult result = runApp(v, jdk, "build=new-builder-chain", "appInterceptor=true");

        String interceptors = result.lines("INTERCEPTORS ").get(0);
        assertThat(interceptors).startsWith("INTERCEPTORS [dev.llmguard.okhttp.adapter.GuardInterceptor, ");
        assertThat(interceptors.split("GuardInterceptor", -1)).hasSize(2);
        assertThat(result.lines("CALL 0 ")).singleElement().asString().contains("status=200");
        assertThat(server.dispatcher().count()).isEqualTo(2);
        assertThat(result.lines("APP_INTERCEPTOR_RUNS ")).containsExactly("APP_INTERCEPTOR_RUNS 2");
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("matrix")
    void guardsTheDefaultClient(OkHttpVersion v, Jdk jdk) throws Exception {
        server.dispatcher().then(rateLimited().setHeader("retry-after-ms", "50")).then(ok());

        RunResult result = runApp(v, jdk, "build=new-client");

        assertThat(result.lines("CALL 0 ")).singleElement().asString().contains("status=200");
        assertThat(server.dispatcher().count()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("matrix")
    void neverWaitsPastTheCallTimeout(OkHttpVersion v, Jdk jdk) throws Exception {
        server.dispatcher().then(rateLimited().setHeader("retry-after", "10")).then(ok());

        RunResult result = runApp(v, jdk, "callTimeoutMs=3000");

        assertThat(server.dispatcher().count()).isEqualTo(1);
        assertThat(result.lines("CALL 0 ")).singleElement().asString().contains("status=429");
        assertThat(result.agentLines()).anySatisfy(line -> assertThat(line).contains("giving up").contains("timeout"));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("matrix")
    void retriesAConnectionDroppedBeforeTheResponse(OkHttpVersion v, Jdk jdk) throws Exception {
        server.dispatcher().then(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST)).then(ok());

        RunResult result = runApp(v, jdk, jvm -> jvm.agentArgs("retry.base-delay=20ms"));

        assertThat(result.lines("CALL 0 ")).singleElement().asString().contains("status=200");
        List<Arrival> arrivals = server.dispatcher().arrivals();
        assertThat(arrivals).hasSizeGreaterThanOrEqualTo(2);
        assertThat(arrivals).extracting(a -> a.body).containsOnly(arrivals.get(0).body);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("matrix")
    void reportsAnInvalidPropertyAndStillGuards(OkHttpVersion v, Jdk jdk) throws Exception {
        server.dispatcher().then(rateLimited().setHeader("retry-after-ms", "50")).then(ok());

        RunResult result = runApp(v, jdk, jvm -> jvm.property("llmguard.retry.max-attempts", "lots"));

        assertThat(result.agentLines()).anySatisfy(line -> assertThat(line)
                .contains("llmguard.retry.max-attempts").contains("lots").contains("whole number"));
        assertThat(result.lines("CALL 0 ")).singleElement().asString().contains("status=200");
        assertThat(server.dispatcher().count()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("matrix")
    void doesNothingWhenDisabled(OkHttpVersion v, Jdk jdk) throws Exception {
        server.dispatcher().then(rateLimited().setHeader("retry-after-ms", "50")).then(ok());

        RunResult result = runApp(v, jdk, jvm -> jvm.property("llmguard.enabled", "false"));

        assertThat(server.dispatcher().count()).isEqualTo(1);
        assertThat(result.lines("CALL 0 ")).singleElement().asString().contains("status=429");
        assertThat(result.lines("INTERCEPTORS ")).containsExactly("INTERCEPTORS []");
    }
}
