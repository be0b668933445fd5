package dev.llmguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.apps.StressApp;
import dev.llmguard.it.apps.StressBodies;
import dev.llmguard.it.support.ChildJvm;
import dev.llmguard.it.support.Jdk;
import dev.llmguard.it.support.OkHttpVersion;
import dev.llmguard.it.support.Outcomes;
import dev.llmguard.it.support.RunResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 256 threads for a bounded time against a server that answers each request id by a script: 200s,
 * 429s with and without a wait, 503s, dropped connections, slow and broken 200s, requests that are
 * wrong. Nothing may be lost, sent again after a 200, corrupted or stuck.
 */
class StressIT {
    static final int MAX_ATTEMPTS = 3;
    static final int THREADS = 256;
    static final long SECONDS = Long.getLong("llmguard.it.stressSeconds", 20);

    /** OkHttp 4 on the first JDK, OkHttp 5 on the second: one child JVM each. */
    static Stream<Arguments> runs() {
        List<Arguments> out = new ArrayList<>();
        List<Jdk> jdks = Jdk.all();
        for (int i = 0; i < jdks.size(); i++) {
            out.add(Arguments.of(i == 0 ? OkHttpVersion.OKHTTP_4 : OkHttpVersion.OKHTTP_5, jdks.get(i)));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("runs")
    void noRequestIsLostDuplicatedAfterA200CorruptedOrStuck(OkHttpVersion v, Jdk jdk) throws Exception {
        ScriptedServer script = new ScriptedServer();
        MockWebServer server = new MockWebServer();
        server.setDispatcher(script);
        server.start();
        RunResult result;
        try {
            result = ChildJvm.on(jdk).okHttp(v).timeoutSeconds(SECONDS + 150).jvmArg("-Xmx512m")
                    .agentArgs("retry.max-attempts=" + MAX_ATTEMPTS + ",retry.base-delay=10ms,retry.max-delay=100ms"
                            // this mix ends about a third of the calls in a 5xx or a reset once the retry budget is
                            // spent: the breaker would soon answer nearly every call itself (OutageIT covers it)
                            + ",breaker.failure-threshold=0")
                    .main(StressApp.class.getName(), server.url("/v1/chat/completions").toString(), String.valueOf(THREADS), String.valueOf(SECONDS))
                    .run();
        } finally {
            server.shutdown();
        }
        Outcomes.assertHealthy(result);
        assertThat(Outcomes.line(result, "DEADLOCKED ")).isEqualTo("DEADLOCKED 0");
        assertThat(Outcomes.line(result, "STUCK ")).as(result.lines("STUCK_TRACE").toString()).isEqualTo("STUCK 0");

        Map<String, String> appOutcomes = new HashMap<>();
        for (String line : result.lines("R ")) {
            String[] parts = line.split(" ");
            assertThat(appOutcomes.put(parts[1], parts[2])).as("one outcome per call: " + parts[1]).isNull();
        }
        String calls = Outcomes.line(result, "CALLS ");
        assertThat(calls).isEqualTo("CALLS started=" + appOutcomes.size() + " finished=" + appOutcomes.size());
        assertThat(appOutcomes.size()).as("enough calls to mean something").isGreaterThan(2000);

        assertThat(script.violations).as("server-side violations").isEmpty();
        List<String> unknownToTheApp = new ArrayList<>(script.arrivals.keySet());
        unknownToTheApp.removeIf(appOutcomes::containsKey); // (AssertJ's containsAll is quadratic on 40k ids)
        assertThat(unknownToTheApp).as("every request the server saw belongs to a call the app finished").isEmpty();
        Map<String, Integer> byOutcome = new HashMap<>();
        List<String> mismatches = new ArrayList<>();
        int maxArrivals = 0;
        for (Map.Entry<String, String> e : appOutcomes.entrySet()) {
            List<String> actions = script.arrivals.getOrDefault(e.getKey(), Collections.emptyList());
            String expected = expectedOutcome(actions);
            byOutcome.merge(e.getValue(), 1, Integer::sum);
            if (!e.getValue().equals(expected) && !(expected.equals("io") && e.getValue().startsWith("io:"))) {
                mismatches.add(e.getKey() + " app=" + e.getValue() + " server=" + actions);
            }
            maxArrivals = Math.max(maxArrivals, actions.size());
        }
        assertThat(mismatches).as("the app ends with what the server last answered").isEmpty();
        // (OkHttp may itself send once more after a dropped connection; only the "reset" script drops one, and then answers 200)
        assertThat(maxArrivals).as("server requests per call never exceed max-attempts").isLessThanOrEqualTo(MAX_ATTEMPTS);
        assertThat(byOutcome.keySet()).as("every kind of ending occurred: " + byOutcome)
                .contains("200:own-body", "429:own-body", "503:own-body", "400:own-body");

        Matcher threads = Pattern.compile("THREADS before=(\\d+) peak=(\\d+) after=(\\d+) agent=(\\d+)").matcher(Outcomes.line(result, "THREADS "));
        assertThat(threads.matches()).isTrue();
        assertThat(Integer.parseInt(threads.group(4))).as("threads the agent started").isZero();
        assertThat(Integer.parseInt(threads.group(2))).as("peak threads: the workers plus OkHttp's and the JVM's").isLessThan(THREADS + 200);
        Matcher heap = Pattern.compile("HEAP beforeMb=(\\d+) afterMb=(\\d+)").matcher(Outcomes.line(result, "HEAP "));
        assertThat(heap.matches()).isTrue();
        assertThat(Long.parseLong(heap.group(2)) - Long.parseLong(heap.group(1))).as("heap growth after GC, MB").isLessThan(32);
        System.out.println("stress " + v + " on " + jdk + " (" + result.elapsedMillis + " ms): " + calls + " " + byOutcome + " maxArrivals=" + maxArrivals
                + " " + Outcomes.line(result, "THREADS ") + " " + Outcomes.line(result, "HEAP "));
    }

    /** What the app must have seen, from the server's actions for one id. */
    private static String expectedOutcome(List<String> actions) {
        if (actions.isEmpty()) {
            return "io";
        }
        String last = actions.get(actions.size() - 1);
        switch (last) {
            case "reset":
            case "200-broken":
                return "io";
            case "200-slow":
            case "200-late":
                return "200:own-body";
            default:
                return last + ":own-body";
        }
    }

    /**
     * Answers by a script chosen from the request id (the n-th arrival of an id gets the n-th step,
     * the last step repeats), checks every body against the id, and records any request that
     * arrives again after a 200 went out for its id.
     */
    static final class ScriptedServer extends Dispatcher {
        static final String[][] SCRIPTS = {
                {"200"},
                {"429-wait", "200"},
                {"429", "429", "200"},
                {"503", "200"},
                {"reset", "200"},
                // a 503 that keeps the connection, then the next request on it dropped: OkHttp re-sends that one on its own
                {"503", "reset", "503", "reset", "503", "reset", "503", "reset", "200"},
                {"200-slow"},
                {"429"},
                {"503"},
                {"200-broken"},
                {"400"},
                {"429-quota"},
                {"200-late"},
        };
        final Map<String, List<String>> arrivals = new ConcurrentHashMap<>();
        final List<String> violations = Collections.synchronizedList(new ArrayList<>());

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String body = request.getBody().readUtf8();
            String id = StressBodies.idOf(body);
            if (id == null || !body.equals(StressBodies.body(id))) {
                violations.add("corrupted body for " + id + " (" + body.length() + " bytes)");
                return new MockResponse().setResponseCode(400);
            }
            List<String> seen = arrivals.computeIfAbsent(id, k -> Collections.synchronizedList(new ArrayList<>()));
            String action;
            synchronized (seen) {
                if (!seen.isEmpty() && seen.get(seen.size() - 1).startsWith("200")) {
                    violations.add("sent again after a 200: " + id + " " + seen);
                }
                String[] script = SCRIPTS[Math.floorMod(id.hashCode(), SCRIPTS.length)];
                action = script[Math.min(seen.size(), script.length - 1)];
                seen.add(action.replace("-wait", "").replace("-quota", ""));
            }
            return respond(action, id);
        }

        private static MockResponse respond(String action, String id) {
            String ok = "{\"id\":\"" + id + "\",\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"fine\"}}]}";
            String error = "{\"id\":\"" + id + "\",\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}";
            switch (action) {
                case "200":
                    return json(200, ok);
                case "200-slow":
                    return json(200, ok + " ".repeat(1024)).throttleBody(256, 50, TimeUnit.MILLISECONDS);
                case "200-late":
                    return json(200, ok).setHeadersDelay(200, TimeUnit.MILLISECONDS);
                case "200-broken":
                    return json(200, ok + " ".repeat(64 * 1024)).setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY);
                case "429-wait":
                    return json(429, error).setHeader("retry-after-ms", String.valueOf(20 + Math.floorMod(id.hashCode(), 60)));
                case "429":
                    return json(429, error);
                case "429-quota":
                    return json(429, "{\"id\":\"" + id + "\",\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}");
                case "503":
                    return json(503, "{\"id\":\"" + id + "\",\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\",\"code\":\"server_is_overloaded\"}}");
                case "400":
                    return json(400, "{\"id\":\"" + id + "\",\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\",\"code\":null}}");
                case "reset":
                    return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
                default:
                    throw new IllegalStateException(action);
            }
        }

        private static MockResponse json(int code, String body) {
            return new MockResponse().setResponseCode(code).setHeader("content-type", "application/json").setBody(body);
        }
    }
}
