package dev.llmguard.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.bench.ThrottleWorkload;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;

/**
 * A 16-thread service ({@link ThrottleWorkload}, no think time) against a {@link ChatCallsServer}
 * that is down or blipping, measured from both sides: what the application saw (calls, failures,
 * local answers, time until the last call ended) and what the server received.
 */
public final class OutageWorkload {
    public static final int THREADS = 16;

    public enum Client {
        OKHTTP("okhttp", "plain OkHttp"), OPENAI_SDK("sdk", "OpenAI SDK"), JDK("jdk", "plain JDK HttpClient"),
        LANGCHAIN4J("langchain4j", "LangChain4j (JDK HttpClient)");

        /** The clients of the outage figures. */
        public static final java.util.List<Client> OUTAGE = java.util.List.of(OKHTTP, OPENAI_SDK);

        final String arg;
        public final String label;

        Client(String arg, String label) {
            this.arg = arg;
            this.label = label;
        }
    }

    /** What one run measured. */
    public record Figures(long calls, long succeeded, long answeredLocally, long elapsedMs, int serverRequests,
                          Map<String, String> causes, RunResult run) {
        public double requestsPerCall() {
            return calls == 0 ? 0 : (double) serverRequests / calls;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "calls=%d succeeded=%d local=%d elapsedMs=%d server=%d (%.2f per call) causes=%s",
                    calls, succeeded, answeredLocally, elapsedMs, serverRequests, requestsPerCall(), causes);
        }
    }

    private OutageWorkload() {
    }

    /** OpenAI's answer when it is down: a 503 with no wait. */
    public static MockResponse unavailable() {
        return new MockResponse().setResponseCode(503).setHeader("content-type", "application/json")
                .setBody("{\"error\":{\"message\":\"The server is overloaded or not ready yet.\",\"type\":\"server_error\","
                        + "\"param\":null,\"code\":null}}");
    }

    /** The connection closed once the request has arrived: the client gets an I/O error. */
    public static MockResponse reset() {
        return new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST);
    }

    /** {@code calls} calls in all over {@link #THREADS} threads. */
    public static Figures run(ChatCallsServer server, Client client, String agentArgs, int calls) throws Exception {
        return run(server, client, agentArgs, calls, 60);
    }

    /**
     * Calls over {@link #THREADS} threads until {@code calls} have started ({@code -1}: no bound) or
     * {@code seconds} have passed.
     *
     * @param agentArgs the agent's arguments ("" for its defaults), or null to run without the agent
     */
    public static Figures run(ChatCallsServer server, Client client, String agentArgs, int calls, int seconds) throws Exception {
        return run(server.url("/v1"), () -> server.dispatcher().count(), client, agentArgs, calls, seconds, "gpt-4o-mini");
    }

    /**
     * The same against any server: {@code baseUrl} ends in /v1, {@code serverRequests} counts what
     * it received, and each call asks for {@code model}.
     */
    public static Figures run(String baseUrl, java.util.function.IntSupplier serverRequests, Client client, String agentArgs,
                              int calls, int seconds, String model) throws Exception {
        ChildJvm jvm = ChildJvm.on(Jdk.current()).classpath(ChildJvm.testClasses());
        if (client == Client.OPENAI_SDK || client == Client.LANGCHAIN4J) {
            Sdk.latestClasspath().forEach(jvm::classpath);
            jvm.classpath(FrameworkApps.slf4jApi());
        } else {
            OkHttpVersion.OKHTTP_4.jars().forEach(jvm::classpath);
        }
        if (agentArgs == null) {
            jvm.withoutAgent();
        } else if (!agentArgs.isEmpty()) {
            jvm.agentArgs(agentArgs);
        }
        jvm.timeoutSeconds(120).main(ThrottleWorkload.class.getName(), "url=" + baseUrl, "client=" + client.arg,
                "threads=" + THREADS, "seconds=" + seconds, "calls=" + calls, "thinkMs=0", "apiKey=" + Canaries.API_KEY,
                "model=" + model);
        int before = serverRequests.getAsInt();
        RunResult result = ChildRuns.assertClean(jvm.run());
        Map<String, String> figures = new LinkedHashMap<>();
        Map<String, String> causes = new LinkedHashMap<>();
        for (String line : result.lines("bench.")) {
            int eq = line.indexOf('=');
            String key = line.substring("bench.".length(), eq);
            (key.startsWith("cause.") ? causes : figures).put(key.replace("cause.", ""), line.substring(eq + 1));
        }
        assertThat(figures).as(result.all()).containsKey("calls");
        assertThat(figures.get("unfinished")).as(result.all()).isEqualTo("0");
        long local = causes.entrySet().stream().filter(e -> e.getKey().contains("refused_by_llm-guard"))
                .mapToLong(e -> Long.parseLong(e.getValue())).sum();
        return new Figures(Long.parseLong(figures.get("calls")), Long.parseLong(figures.get("succeeded")), local,
                Long.parseLong(figures.get("elapsedMs")), serverRequests.getAsInt() - before, causes, result);
    }
}
