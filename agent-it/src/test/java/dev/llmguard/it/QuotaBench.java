package dev.llmguard.it;

import static dev.llmguard.it.support.ChildRuns.assertClean;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.demo.simulator.LlmApiSimulator;
import dev.llmguard.demo.simulator.SimulatorStats;
import dev.llmguard.it.support.ChildJvm;
import dev.llmguard.it.support.ChildRuns;
import dev.llmguard.it.support.Jdk;
import dev.llmguard.it.support.RunResult;
import dev.llmguard.it.support.Sdk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The quota benchmark: an OpenAI-compatible simulator answers {@code insufficient_quota} after
 * {@value #ANSWERED} requests; an application makes {@value #CALLS} calls, one after the other,
 * through the official SDK with its defaults, once without the agent and once with it. Reports
 * server requests per failed call and the time each failed call took (next to an answered call's,
 * the cost of one round trip), as a markdown table on stdout and in {@code agent-it/target/bench/quota.md}.
 *
 * <p>Not part of {@code mvn verify}. Run: {@code mvn -B -q install -DskipTests && mvn -B verify -pl agent-it -Pbench}.
 */
class QuotaBench {
    static final int ANSWERED = 5;
    static final int CALLS = 25;

    @Test
    void futileCallsWithAndWithoutTheAgent() throws Exception {
        List<Row> rows = new ArrayList<>();
        for (Sdk sdk : new Sdk[] {Sdk.OPENAI_LATEST, Sdk.OPENAI_OLD}) {
            rows.add(measure(sdk, false));
            rows.add(measure(sdk, true));
        }
        String table = table(rows);
        System.out.println(table);
        Path out = Paths.get("target", "bench", "quota.md");
        Files.createDirectories(out.getParent());
        Files.write(out, table.getBytes(StandardCharsets.UTF_8));

        for (Row r : rows) {
            assertThat(r.failed).isEqualTo(CALLS - ANSWERED);
            assertThat(r.answeredMillis).hasSize(ANSWERED);
            if (r.withAgent) {
                assertThat(r.requestsPerFailedCall()).as("exactly one server request per futile call").isEqualTo(1.0);
            }
        }
    }

    private static Row measure(Sdk sdk, boolean withAgent) throws Exception {
        try (LlmApiSimulator sim = LlmApiSimulator.builder().requestsPerMinute(0).tokensPerMinute(0)
                .insufficientQuotaAfter(ANSWERED).start()) {
            ChildJvm jvm = sdk.app(Jdk.current(), sim.baseUrl(), "calls=" + CALLS);
            if (!withAgent) {
                jvm.withoutAgent();
            }
            RunResult result = assertClean(jvm.run());
            SimulatorStats stats = sim.stats();
            List<Long> failMillis = new ArrayList<>();
            List<Long> answeredMillis = new ArrayList<>();
            for (int n = 0; n < CALLS; n++) {
                String line = ChildRuns.call(result, n);
                if (line.contains(" ok ")) {
                    answeredMillis.add(ChildRuns.millis(result, n));
                } else if (line.contains("error=RateLimitException") && line.contains("status=429")) {
                    failMillis.add(ChildRuns.millis(result, n));
                }
            }
            return new Row(sdk, withAgent, answeredMillis, failMillis, stats.received() - stats.succeeded());
        }
    }

    static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("Quota exhausted after ").append(ANSWERED).append(" answered requests; ").append(CALLS)
                .append(" calls one after the other, SDK defaults (maxRetries 2).\n\n");
        sb.append("| SDK | agent | failed calls | server requests per failed call | time to fail, median | time to fail, max "
                + "| answered call, median |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            sb.append("| ").append(r.sdk).append(" | ").append(r.withAgent ? "llm-guard" : "none").append(" | ")
                    .append(r.failed).append(" | ").append(String.format(Locale.ROOT, "%.2f", r.requestsPerFailedCall())).append(" | ")
                    .append(millis(percentile(r.failMillis, 50))).append(" | ").append(millis(percentile(r.failMillis, 100))).append(" | ")
                    .append(millis(percentile(r.answeredMillis, 50))).append(" |\n");
        }
        return sb.toString();
    }

    static long percentile(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.isEmpty() ? 0 : sorted.get(Math.max(0, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static String millis(long ms) {
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.2f s", ms / 1000.0);
    }

    static final class Row {
        final Sdk sdk;
        final boolean withAgent;
        final List<Long> answeredMillis;
        final int failed;
        final List<Long> failMillis;
        final long failedRequests;

        Row(Sdk sdk, boolean withAgent, List<Long> answeredMillis, List<Long> failMillis, long failedRequests) {
            this.sdk = sdk;
            this.withAgent = withAgent;
            this.answeredMillis = answeredMillis;
            this.failed = failMillis.size();
            this.failMillis = failMillis;
            this.failedRequests = failedRequests;
        }

        double requestsPerFailedCall() {
            return failed == 0 ? 0 : (double) failedRequests / failed;
        }
    }
}
