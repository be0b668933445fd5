package dev.llmguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.demo.simulator.LlmApiSimulator;
import dev.llmguard.it.apps.LangChain4jApp;
import dev.llmguard.it.apps.StreamingChatApp;
import dev.llmguard.it.support.ApacheClient;
import dev.llmguard.it.support.ChildJvm;
import dev.llmguard.it.support.ChildRuns;
import dev.llmguard.it.support.FrameworkApps;
import dev.llmguard.it.support.Jdk;
import dev.llmguard.it.support.OkHttpVersion;
import dev.llmguard.it.support.RunResult;
import dev.llmguard.it.support.Sdk;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Streamed answers teach the agent how the provider counts tokens, from the usage chunk at their
 * end, while the application reads every event as it comes: a server that counts twice the
 * agent's estimate, streaming one event every 25 ms, with every client the agent guards.
 */
class StreamUsageIT {
    private static final int CALLS = 4;
    private static final Pattern FACTOR = Pattern.compile("the provider counts (\\d+\\.\\d+) prompt tokens per estimated one");

    private LlmApiSimulator sim;

    @BeforeEach
    void start() {
        sim = LlmApiSimulator.builder().requestsPerMinute(6000).tokensPerMinute(1_000_000).tokenizerRatio(2.0)
                .streamEventInterval(Duration.ofMillis(25)).start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    /** @param client {@code okhttp-3}, {@code -4} or {@code -5}, or one of {@link StreamingChatApp}'s other clients */
    private RunResult run(String client, boolean includeUsage) throws Exception {
        return run(client, includeUsage, true);
    }

    private RunResult run(String client, boolean includeUsage, boolean stream) throws Exception {
        boolean okhttp = client.startsWith("okhttp-");
        ChildJvm jvm = ChildJvm.on(Jdk.current())
                .okHttp(okhttp ? OkHttpVersion.valueOf(client.toUpperCase().replace('-', '_')) : OkHttpVersion.OKHTTP_4)
                .classpath(ChildJvm.testClasses());
        ApacheClient apache = switch (client) {
            case "hc5" -> ApacheClient.HC5;
            case "hc4" -> ApacheClient.HC4;
            case "hc5async" -> ApacheClient.HC5_ASYNC;
            default -> null;
        };
        if (apache != null) {
            apache.jars().forEach(jvm::classpath);
        }
        jvm.property("llmguard.log.level", "debug")
                .main(StreamingChatApp.class.getName(), "url=" + sim.baseUrl() + "/chat/completions",
                        "client=" + (okhttp ? "okhttp" : client),
                        "calls=" + CALLS, "includeUsage=" + includeUsage, "stream=" + stream);
        return ChildRuns.assertClean(jvm.run());
    }

    @ParameterizedTest
    @ValueSource(strings = {"okhttp-3", "okhttp-4", "okhttp-5", "jdk", "urlconnection", "hc5", "hc4", "hc5async"})
    void learnsTheProvidersTokenCountFromTheStreamsUsageWithoutDelayingIt(String client) throws Exception {
        RunResult result = run(client, true);

        List<String> calls = result.lines("CALL ");
        assertThat(calls).as(result.all()).hasSize(CALLS);
        for (String call : calls) {
            assertThat(call).as(result.all()).contains("status=200").contains("done=true");
            int events = Integer.parseInt(field(call, "events"));
            assertThat(events).as("role, words, finish, usage and [DONE]: " + call).isGreaterThanOrEqualTo(5);
            long first = Long.parseLong(field(call, "firstEventMs"));
            long end = Long.parseLong(field(call, "endMs"));
            assertThat(end - first).as("the first event reached the app while the rest was still coming: " + call)
                    .isGreaterThanOrEqualTo(25L * (events - 1) / 2);
            assertThat(Long.parseLong(field(call, "promptTokens"))).as("the usage chunk reached the app: " + call).isPositive();
        }
        assertThat(sim.receivedRequests()).hasSize(CALLS);
        assertLearnedTheServersCount(result);
    }

    /** The same server answering plain JSON: the usage in the body teaches the same, and the app reads the body whole. */
    @ParameterizedTest
    @ValueSource(strings = {"okhttp-4", "jdk", "urlconnection", "hc5", "hc4", "hc5async"})
    void learnsFromPlainJsonAnswersToo(String client) throws Exception {
        RunResult result = run(client, false, false);

        assertThat(result.lines("CALL ")).as(result.all()).hasSize(CALLS)
                .allSatisfy(call -> assertThat(call).contains("status=200").contains("events=0").doesNotContain("promptTokens=-1"));
        assertLearnedTheServersCount(result);
    }

    /** The OpenAI SDK's own streaming, blocking and asynchronous, as its documentation shows it. */
    @ParameterizedTest
    @ValueSource(strings = {"stream", "stream-async"})
    void learnsFromTheOpenAiSdksStreams(String mode) throws Exception {
        RunResult result = ChildRuns.assertClean(Sdk.OPENAI_LATEST.app(Jdk.current(), sim.baseUrl(), "modes=" + mode, "calls=" + CALLS,
                "includeUsage=true", "prompt=" + "Tell me about streams. ".repeat(20)).property("llmguard.log.level", "debug").run());

        assertThat(result.lines("CALL ")).as(result.all()).hasSize(CALLS).allSatisfy(call -> assertThat(call).contains(" ok ").contains("chunks="));
        assertLearnedTheServersCount(result);
    }

    /** LangChain4j's OpenAI streaming model (on the JDK's HttpClient), which asks for the usage chunk itself. */
    @Test
    void learnsFromLangChain4jsStreams() throws Exception {
        RunResult result = ChildRuns.assertClean(FrameworkApps.app(LangChain4jApp.class, sim.baseUrl(), "stream=true", "calls=" + CALLS,
                "prompt=" + "Tell me about streams. ".repeat(20)).property("llmguard.log.level", "debug").run());

        assertThat(result.lines("CALL ")).as(result.all()).hasSize(CALLS)
                .allSatisfy(call -> assertThat(call).contains(" ok ").doesNotContain("partials=0").doesNotContain("inputTokens=-1"));
        assertLearnedTheServersCount(result);
    }

    @ParameterizedTest
    @ValueSource(strings = {"okhttp-4", "hc5"})
    void aStreamWithoutUsageTeachesNothing(String client) throws Exception {
        RunResult result = run(client, false);

        assertThat(result.lines("CALL ")).as(result.all()).hasSize(CALLS)
                .allSatisfy(call -> assertThat(call).contains("status=200").contains("done=true").contains("promptTokens=-1"));
        assertThat(FACTOR.matcher(result.all()).find()).as(result.all()).isFalse();
    }

    /** The agent logged the ratio of the server's count to its estimate: about 2. */
    private static void assertLearnedTheServersCount(RunResult result) {
        Matcher m = FACTOR.matcher(result.all());
        assertThat(m.find()).as("the calibration from the reported usage is logged:\n" + result.all()).isTrue();
        assertThat(Double.parseDouble(m.group(1))).isBetween(1.6, 2.4);
    }

    private static String field(String line, String name) {
        Matcher m = Pattern.compile(" " + name + "=(\\S+)").matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return m.group(1);
    }
}
