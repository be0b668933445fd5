package dev.llmguard.it;

import static dev.llmguard.it.support.OpenAiResponses.ok;
import static dev.llmguard.it.support.OpenAiResponses.rateLimited;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.apps.EdgeCasesApp;
import dev.llmguard.it.support.Canaries;
import dev.llmguard.it.support.ChildJvm;
import dev.llmguard.it.support.Jdk;
import dev.llmguard.it.support.LocalServer;
import dev.llmguard.it.support.OkHttpVersion;
import dev.llmguard.it.support.Outcomes;
import dev.llmguard.it.support.RecordingDispatcher.Arrival;
import dev.llmguard.it.support.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import okhttp3.Protocol;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Traffic that is odd, broken or big, on every OkHttp major: the guard neither breaks on it nor
 * changes it, never copies a request body above its bound and never buffers a response stream.
 */
class MalformedInputIT {
    @RegisterExtension
    final LocalServer server = new LocalServer();

    private RunResult run(OkHttpVersion v, String kind, String... more) throws Exception {
        return run(v, jvm -> { }, kind, more);
    }

    private RunResult run(OkHttpVersion v, java.util.function.Consumer<ChildJvm> customizer, String kind, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("url=" + server.url("/v1/chat/completions"), "case=" + kind,
                "apiKey=" + Canaries.API_KEY, "prompt=" + Canaries.PROMPT));
        args.addAll(List.of(more));
        ChildJvm jvm = ChildJvm.on(Jdk.current()).okHttp(v).main(EdgeCasesApp.class.getName(), args.toArray(new String[0]));
        customizer.accept(jvm);
        return Outcomes.assertHealthy(jvm.run());
    }

    @ParameterizedTest
    @EnumSource(OkHttpVersion.class)
    void garbageRateLimitHeadersAndBinaryErrorBodiesNeverBreakTheGuard(OkHttpVersion v) throws Exception {
        server.dispatcher().then(new MockResponse().setResponseCode(429)
                        .addHeaderLenient("retry-after", "banana").addHeaderLenient("retry-after-ms", "-5")
                        .addHeaderLenient("x-ratelimit-remaining-requests", "lots").addHeaderLenient("x-ratelimit-reset-requests", "1h1h1h?")
                        .addHeaderLenient("anthropic-ratelimit-requests-reset", "not-a-date").addHeaderLenient("x-should-retry", "maybe")
                        .addHeaderLenient("x-weird", "\u00ff\u0001 odd value").addHeaderLenient(": no name", "x")
                        .setBody(new Buffer().write(new byte[] {(byte) 0xff, 0, (byte) 0xfe, '{', '"', 'e'})))
                .then(new MockResponse().setResponseCode(429).setHeader("content-type", "application/json")
                        .setHeader("retry-after-ms", "99999999999999999999999999")
                        .setBody("{\"error\":{\"type\":\"requests\",\"code\":\"rate_limit_exc"))
                .then(ok());

        RunResult result = run(v, jvm -> jvm.agentArgs("retry.base-delay=20ms"), "plain");

        assertThat(Outcomes.line(result, "CALL 0 ")).contains("status=200");
        assertThat(server.dispatcher().count()).isEqualTo(3);
        List<Arrival> arrivals = server.dispatcher().arrivals();
        assertThat((arrivals.get(2).nanos - arrivals.get(0).nanos) / 1_000_000).as("nonsense waits are not obeyed").isLessThan(5000);
    }

    @ParameterizedTest
    @EnumSource(OkHttpVersion.class)
    void aBodyThatIsNotJsonIsSentAndRetriedByteForByte(OkHttpVersion v) throws Exception {
        server.dispatcher().then(rateLimited().setHeader("retry-after-ms", "20")).then(ok());

        RunResult result = run(v, "invalid-json");

        String sent = field(Outcomes.line(result, "CALL 0 "), "sentSha256");
        assertThat(Outcomes.line(result, "CALL 0 ")).contains("status=200");
        assertThat(server.dispatcher().arrivals()).hasSize(2).allSatisfy(a -> assertThat(a.bodySha256).isEqualTo(sent));
    }

    @ParameterizedTest
    @EnumSource(OkHttpVersion.class)
    void requestBodiesAboveTheCaptureBoundAreNeverCopied(OkHttpVersion v) throws Exception {
        int bound = 1 << 20; // llmguard.capture.max-body-bytes default
        String[][] cases = {
                {"sized", String.valueOf(bound), "3"},        // at the bound: copied once, sent twice
                {"sized", String.valueOf(bound + 1), "2"},    // one byte above: only sent
                {"chunked", String.valueOf(3 * bound), "2"},  // unknown length: only sent
        };
        for (String[] c : cases) {
            server.newDispatcher();
            server.dispatcher().then(rateLimited().setHeader("retry-after-ms", "20")).then(ok());

            RunResult result = run(v, c[0], "size=" + c[1]);

            String line = Outcomes.line(result, "CALL 0 ");
            assertThat(line).as(c[0] + " " + c[1]).contains("status=200").contains("writes=" + c[2]);
            assertThat(server.dispatcher().arrivals()).as(c[0] + " " + c[1]).hasSize(2)
                    .allSatisfy(a -> assertThat(a.bodySha256).isEqualTo(field(line, "sentSha256")));
        }
    }

    @ParameterizedTest
    @EnumSource(OkHttpVersion.class)
    void aHugeBodyPassesThroughAHeapSmallerThanIt(OkHttpVersion v) throws Exception {
        long size = 48L << 20;
        server.dispatcher().then(rateLimited().setHeader("retry-after-ms", "20")).then(ok());

        RunResult result = run(v, jvm -> jvm.jvmArg("-Xmx32m"), "sized", "size=" + size);

        String line = Outcomes.line(result, "CALL 0 ");
        assertThat(line).contains("status=200").contains("writes=2");
        assertThat(server.dispatcher().arrivals()).hasSize(2).allSatisfy(a -> {
            assertThat(a.bodyBytes).isEqualTo(size);
            assertThat(a.bodySha256).isEqualTo(field(line, "sentSha256"));
        });
    }

    @ParameterizedTest
    @EnumSource(OkHttpVersion.class)
    void aStreamedResponseReachesTheAppEventByEventAfterAChunkedRateLimit(OkHttpVersion v) throws Exception {
        StringBuilder sse = new StringBuilder();
        int events = 6;
        for (int i = 0; i < events; i++) {
            sse.append("data: {\"choices\":[{\"delta\":{\"content\":\"").append(Canaries.RESPONSE).append(i).append("\"}}]}\n\n");
        }
        int perPeriod = sse.length() / events;
        server.dispatcher().then(rateLimited().setHeader("retry-after-ms", "20").setChunkedBody(rateLimited().getBody(), 16))
                .then(new MockResponse().setResponseCode(200).setHeader("content-type", "text/event-stream")
                        .setChunkedBody(sse.toString(), 32).throttleBody(perPeriod, 300, java.util.concurrent.TimeUnit.MILLISECONDS));

        RunResult result = run(v, "stream");

        assertThat(Outcomes.line(result, "CALL 0 ")).contains("status=200");
        Matcher m = Pattern.compile("STREAM firstEventMs=(\\d+) totalMs=(\\d+) events=(\\d+)").matcher(Outcomes.line(result, "STREAM "));
        assertThat(m.matches()).isTrue();
        long first = Long.parseLong(m.group(1));
        long total = Long.parseLong(m.group(2));
        assertThat(Integer.parseInt(m.group(3))).isEqualTo(events);
        assertThat(total).as("the server took its time").isGreaterThanOrEqualTo(1200);
        assertThat(total - first).as("the first event was read long before the stream ended (first " + first + " ms, end " + total + " ms)")
                .isGreaterThanOrEqualTo(1000);
        assertThat(server.dispatcher().count()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(OkHttpVersion.class)
    void parallelCallsOverHttp2WithPriorKnowledgeAreGuarded(OkHttpVersion v) throws Exception {
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        List<String> bodies = java.util.Collections.synchronizedList(new ArrayList<>());
        server.server().setProtocols(List.of(Protocol.H2_PRIOR_KNOWLEDGE));
        server.server().setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String body = request.getBody().readUtf8();
                bodies.add(body);
                return seen.merge(body, 1, Integer::sum) == 1 ? rateLimited().setHeader("retry-after-ms", "20") : ok();
            }
        });

        RunResult result = run(v, "h2", "calls=8");

        assertThat(result.lines("CALL ")).hasSize(8).allSatisfy(l -> assertThat(l).contains("status=200").contains("protocol=h2_prior_knowledge"));
        assertThat(seen).hasSize(8).allSatisfy((body, count) -> assertThat(count).as(body).isEqualTo(2));
        assertThat(bodies.stream().distinct().collect(Collectors.toList())).hasSize(8);
    }

    private static String field(String line, String name) {
        Matcher m = Pattern.compile(name + "=(\\S+)").matcher(line);
        assertThat(m.find()).as(name + " in " + line).isTrue();
        return m.group(1);
    }
}
