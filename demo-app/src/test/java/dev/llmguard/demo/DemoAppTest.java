package dev.llmguard.demo;

import dev.llmguard.demo.simulator.LlmApiSimulator;
import dev.llmguard.demo.simulator.RecordedRequest;
import dev.llmguard.demo.simulator.SimulatorStats;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class DemoAppTest {

    private static final Pattern ROW = Pattern.compile("^(sdk|okhttp|total)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$", Pattern.MULTILINE);
    private static final Pattern SERVER = Pattern.compile(
            "^server: (\\d+) requests received, (\\d+) answered 429; elapsed (\\d+\\.\\d) s$", Pattern.MULTILINE);
    private static final Pattern FAILURE_CAUSE = Pattern.compile("(\\d+) x ([^,\\n]+)");

    record Run(int exitCode, String out, String err, Map<String, long[]> rows) {
        long[] row(String name) {
            return rows.get(name);
        }
    }

    private static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DemoApp.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        Map<String, long[]> rows = new HashMap<>();
        Matcher m = ROW.matcher(text);
        while (m.find()) {
            rows.put(m.group(1), new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                    Long.parseLong(m.group(4))});
        }
        return new Run(code, text, err.toString(StandardCharsets.UTF_8), rows);
    }

    private static void assertTableAddsUp(Run run, long expectedRequests) {
        assertThat(run.rows).containsKeys("sdk", "okhttp", "total");
        for (long[] row : run.rows.values()) {
            assertThat(row[1] + row[2]).as("succeeded + failed = requests").isEqualTo(row[0]);
        }
        for (int column = 0; column < 3; column++) {
            assertThat(run.row("sdk")[column] + run.row("okhttp")[column]).isEqualTo(run.row("total")[column]);
        }
        assertThat(run.row("total")[0]).isEqualTo(expectedRequests);
        assertThat(run.exitCode).isEqualTo(run.row("total")[2] == 0 ? 0 : 1);
        long listedFailures = 0;
        for (String line : run.out.lines().filter(l -> l.startsWith("failures:")).toList()) {
            Matcher m = FAILURE_CAUSE.matcher(line);
            while (m.find()) {
                listedFailures += Long.parseLong(m.group(1));
            }
        }
        assertThat(listedFailures).isEqualTo(run.row("total")[2]);
    }

    @Test
    void embeddedSimulatorRunEndsWithASummaryThatAddsUp() {
        Run run = run(Map.of(), "--threads", "4", "--requests", "3", "--rpm", "120");
        assertThat(run.err).isEmpty();
        assertTableAddsUp(run, 12);
        assertThat(run.row("sdk")[0]).isEqualTo(6);
        assertThat(run.row("okhttp")[0]).isEqualTo(6);

        Matcher server = SERVER.matcher(run.out);
        assertThat(server.find()).as(run.out).isTrue();
        long received = Long.parseLong(server.group(1));
        long answered429 = Long.parseLong(server.group(2));
        // each call reached the server at least once (the SDK may have retried), and every failure here is a 429
        assertThat(received).isGreaterThanOrEqualTo(12);
        assertThat(received - answered429).isEqualTo(run.row("total")[1]);
        // 12 calls at once against a 2-request burst: some fail
        assertThat(run.row("total")[2]).isPositive();
        assertThat(run.out).contains("429 rate_limit_exceeded");
    }

    @Test
    void externalEndpointSeesExactlyTheCallsTheSummaryReports() {
        try (LlmApiSimulator sim = LlmApiSimulator.builder().requestsPerMinute(300).start()) {
            Run run = run(Map.of("OPENAI_BASE_URL", sim.baseUrl(), "OPENAI_API_KEY", "sk-env-key"),
                    "--threads", "4", "--requests", "4", "--model", "gpt-4.1-nano");
            assertTableAddsUp(run, 16);
            assertThat(run.out).doesNotContain("server:");

            SimulatorStats stats = sim.stats();
            assertThat(stats.succeeded()).isEqualTo(run.row("total")[1]);
            List<RecordedRequest> requests = sim.receivedRequests();
            assertThat(requests).hasSize((int) stats.received());
            assertThat(requests).allSatisfy(r -> {
                assertThat(r.header("authorization")).isEqualTo("Bearer sk-env-key");
                assertThat(r.bodyText()).contains("\"gpt-4.1-nano\"");
            });
            // plain OkHttp calls carry no SDK headers and are never retried: one request per call
            long okhttpRequests = requests.stream().filter(r -> r.header("x-stainless-retry-count") == null).count();
            assertThat(okhttpRequests).isEqualTo(run.row("okhttp")[0]);
            long sdkFirstAttempts = requests.stream().filter(r -> "0".equals(r.header("x-stainless-retry-count"))).count();
            assertThat(sdkFirstAttempts).isEqualTo(run.row("sdk")[0]);
            long okhttpSucceeded = requests.stream()
                    .filter(r -> r.header("x-stainless-retry-count") == null && r.status() == 200).count();
            assertThat(okhttpSucceeded).isEqualTo(run.row("okhttp")[1]);
        }
    }

    @Test
    void unlimitedSimulatorRunSucceedsWithExitCodeZero() {
        Run run = run(Map.of(), "--threads", "2", "--requests", "2", "--rpm", "0", "--tpm", "0");
        assertTableAddsUp(run, 4);
        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("server: 4 requests received, 0 answered 429");
    }

    @Test
    void usageErrorsAndHelp() {
        Run help = run(Map.of(), "--help");
        assertThat(help.exitCode).isZero();
        assertThat(help.out).contains("--threads", "--requests", "--model", "--base-url", "--api-key", "--rpm", "--tpm");

        assertThat(run(Map.of(), "--threads", "zero").exitCode).isEqualTo(2);
        assertThat(run(Map.of(), "--bogus").exitCode).isEqualTo(2);
        Run noKey = run(Map.of(), "--base-url", "http://127.0.0.1:9/v1");
        assertThat(noKey.exitCode).isEqualTo(2);
        assertThat(noKey.err).contains("API key");
    }
}
