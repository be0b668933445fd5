package dev.llmguard.it;

import static dev.llmguard.it.support.OpenAiResponses.ok;
import static dev.llmguard.it.support.OpenAiResponses.rateLimited;
import static dev.llmguard.it.support.OpenAiResponses.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.apps.ApacheHttpApp;
import dev.llmguard.it.support.ApacheClient;
import dev.llmguard.it.support.Canaries;
import dev.llmguard.it.support.ChildJvm;
import dev.llmguard.it.support.ChildRuns;
import dev.llmguard.it.support.Jdk;
import dev.llmguard.it.support.RecordingDispatcher;
import dev.llmguard.it.support.RecordingDispatcher.Arrival;
import dev.llmguard.it.support.RunResult;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent on a plain Apache HttpClient application in a real JVM, on every JDK under test: the
 * newest HttpClient 5, classic and async, the oldest supported 5.x, classic and async, and 4.5,
 * each with its own default retry behaviour, against a local server that answers like OpenAI. The
 * async app fails a call whose callback did not hear exactly once.
 */
class ApacheHttpGuardIT {
    private MockWebServer server;
    private final RecordingDispatcher dispatcher = new RecordingDispatcher();

    static List<Object[]> everyClient() {
        return ApacheClient.onEveryJdk(ApacheClient.HC5, ApacheClient.HC5_OLDEST, ApacheClient.HC4,
                ApacheClient.HC5_ASYNC, ApacheClient.HC5_ASYNC_OLDEST);
    }

    static List<Object[]> newestOfEachMajor() {
        return ApacheClient.onEveryJdk(ApacheClient.HC5, ApacheClient.HC4, ApacheClient.HC5_ASYNC);
    }

    static List<Object[]> asyncClients() {
        return ApacheClient.onEveryJdk(ApacheClient.HC5_ASYNC, ApacheClient.HC5_ASYNC_OLDEST);
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

    private RunResult run(ApacheClient client, Jdk jdk, Consumer<ChildJvm> customizer, String... args) throws Exception {
        String[] all = new String[args.length + 4];
        all[0] = "url=" + server.url("/v1/chat/completions");
        all[1] = "apiKey=" + Canaries.API_KEY;
        all[2] = "prompt=" + Canaries.PROMPT;
        all[3] = "version=" + client.major;
        System.arraycopy(args, 0, all, 4, args.length);
        ChildJvm jvm = ChildJvm.on(jdk).classpath(ChildJvm.testClasses()).main(ApacheHttpApp.class.getName(), all);
        for (String jar : client.jars()) {
            jvm.classpath(jar);
        }
        customizer.accept(jvm);
        return ChildRuns.assertClean(jvm.run());
    }

    private RunResult run(ApacheClient client, Jdk jdk, String... args) throws Exception {
        return run(client, jdk, jvm -> { }, args);
    }

    /** What the client itself retries: HC5's default strategy takes 429s, HC4's (when configured) 503s only. */
    private static int retriedStatus(ApacheClient client) {
        return client == ApacheClient.HC4 ? 503 : 429;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyClient")
    void retriesA429HonouringRetryAfterWithByteIdenticalBodies(ApacheClient client, Jdk jdk) throws Exception {
        dispatcher.then(rateLimited().setHeader("retry-after", "1")).then(ok());

        RunResult result = run(client, jdk, "handler=handler");

        String call = ChildRuns.call(result, 0);
        assertThat(call).contains("status=200").contains("sha=" + Arrival.sha256(ok().getBody().readByteArray()));
        List<Arrival> arrivals = dispatcher.arrivals();
        assertThat(arrivals).hasSize(2);
        assertThat(arrivals.get(1).bodySha256).isEqualTo(arrivals.get(0).bodySha256);
        assertThat(arrivals.get(0).body).contains(Canaries.PROMPT);
        assertThat((arrivals.get(1).nanos - arrivals.get(0).nanos) / 1_000_000).isBetween(1000L, 3500L);
        assertThat(ChildRuns.agentLinesWith(result, "WARN", "rate limited (429", "/v1/chat/completions", "model=gpt-4o-mini",
                "attempt 1 of 5", "(retry-after)")).hasSize(1);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyClient")
    void aServerThatAlwaysFailsSeesExactlyMaxAttemptsPerCallAndTheAppGetsTheLastResponse(ApacheClient client, Jdk jdk) throws Exception {
        AtomicInteger n = new AtomicInteger();
        int code = retriedStatus(client);
        // HC5 would wait its own default second between tries (it does not read retry-after-ms); the guard waits 20 ms
        dispatcher.then(() -> status(code).setHeader("retry-after-ms", "20").setBody("{\"n\":" + n.getAndIncrement() + "}"));

        RunResult result = run(client, jdk, "calls=2", "unavailableRetries=1");

        assertThat(dispatcher.count()).as("2 calls, 5 attempts each").isEqualTo(10);
        assertThat(result.lines("CALL ")).hasSize(2).allSatisfy(l -> assertThat(l).contains("status=" + code));
        assertThat(ChildRuns.agentLinesWith(result, "giving up", "attempt 5 of 5")).hasSize(2);
        assertThat(ChildRuns.agentLinesWith(result, "INFO", "handed over to llm-guard")).hasSize(1);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("newestOfEachMajor")
    void withoutTheAgentOrDisabledTheClientRetriesAsBefore(ApacheClient client, Jdk jdk) throws Exception {
        int code = retriedStatus(client);
        dispatcher.then(status(code).setHeader("retry-after-ms", "20"));

        RunResult without = run(client, jdk, ChildJvm::withoutAgent, "unavailableRetries=1");
        assertThat(ChildRuns.call(without, 0)).contains("status=" + code);
        assertThat(dispatcher.count()).as("the client's own retry: once").isEqualTo(2);

        RunResult disabled = run(client, jdk, jvm -> jvm.property("llmguard.enabled", "false"), "unavailableRetries=1");
        assertThat(ChildRuns.call(disabled, 0)).contains("status=" + code);
        assertThat(dispatcher.count()).isEqualTo(4);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("newestOfEachMajor")
    void neverRetriesWrongRequestsQuotaErrorsOrStreamedEntities(ApacheClient client, Jdk jdk) throws Exception {
        String quota = "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\","
                + "\"param\":null,\"code\":\"insufficient_quota\"}}";
        dispatcher.then(status(400)).then(new MockResponse().setResponseCode(429).setHeader("content-type", "application/json")
                .setHeader("retry-after", "1").setBody(quota));

        RunResult wrong = run(client, jdk, "calls=2");

        assertThat(ChildRuns.call(wrong, 0)).contains("status=400");
        assertThat(ChildRuns.call(wrong, 1)).contains("status=429").endsWith("body=" + quota);
        assertThat(dispatcher.count()).as("each once, though HC5 retries a 429 itself").isEqualTo(2);
        assertThat(ChildRuns.agentLinesWith(wrong, "ERROR", "quota exhausted")).hasSize(1);

        dispatcher.then(rateLimited().setHeader("retry-after-ms", "10"));
        RunResult streamed = run(client, jdk, "body=stream");
        assertThat(ChildRuns.call(streamed, 0)).contains("status=429");
        assertThat(dispatcher.count()).isEqualTo(3);
        assertThat(dispatcher.arrivals().get(2).body).contains(Canaries.PROMPT);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("newestOfEachMajor")
    void leavesCallsOutsideItsScopeToTheClient(ApacheClient client, Jdk jdk) throws Exception {
        dispatcher.then(status(429).setHeader("retry-after", "1"));

        RunResult result = run(client, jdk, "url=" + server.url("/internal/orders"));

        assertThat(ChildRuns.call(result, 0)).contains("status=429");
        assertThat(dispatcher.count()).as("HC5 retries the 429 once by itself, as without the agent; HC4 does not")
                .isEqualTo(client == ApacheClient.HC4 ? 1 : 2);
        assertThat(result.agentLines()).noneMatch(l -> l.contains("rate limited"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("asyncClients")
    void cancellingAnAsyncCallStopsItsWaitAtOnce(ApacheClient client, Jdk jdk) throws Exception {
        dispatcher.then(rateLimited().setHeader("retry-after", "20"));

        RunResult result = run(client, jdk, "cancelAfterMs=500");

        String call = ChildRuns.call(result, 0);
        assertThat(call).contains("error=java.util.concurrent.CancellationException");
        assertThat(ChildRuns.millis(result, 0)).as("the Future gives up at the cancel, not after the 20 s wait").isLessThan(2_000);
        assertThat(dispatcher.count()).as("nothing sent after the cancel").isEqualTo(1);
        Thread.sleep(300);
        assertThat(dispatcher.count()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("newestOfEachMajor")
    void aPoolOfTwoConnectionsServesSixteenThreadsThrough429s(ApacheClient client, Jdk jdk) throws Exception {
        // each call's first request is rate limited (a plain 429, so the guard learns no limit to pace by), its second
        // answered: every retry needs a connection back from the pool, and a connection the guard kept would starve the rest
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger arrivals = new AtomicInteger();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                arrivals.incrementAndGet();
                String body = request.getBody().readUtf8();
                return seen.add(body) ? status(429).setHeader("retry-after-ms", "50") : ok();
            }
        });

        RunResult result = run(client, jdk, "calls=16", "threads=16", "pool=2", "poolTimeoutMs=3000");

        assertThat(result.lines("CALL ")).as("no call timed out waiting for a connection")
                .hasSize(16).allSatisfy(l -> assertThat(l).contains("status=200"));
        assertThat(arrivals).hasValue(32);
        assertThat(result.elapsedMillis).isLessThan(15_000);
    }
}
