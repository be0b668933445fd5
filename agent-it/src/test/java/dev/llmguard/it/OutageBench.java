package dev.llmguard.it;

import dev.llmguard.it.support.ChatCallsServer;
import dev.llmguard.it.support.OutageWorkload;
import dev.llmguard.it.support.OutageWorkload.Client;
import dev.llmguard.it.support.OutageWorkload.Figures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Test;

/**
 * The outage benchmark: {@value #CALLS} calls over 16 threads while every request is answered 503
 * (or its connection reset), without the agent, with the agent as it was before the retry budget
 * (budget and breaker off), with the budget alone, and at its defaults. Prints a markdown table
 * (also in {@code agent-it/target/bench/outage.md}): server requests per call and the time until the
 * last call failed.
 *
 * <p>Not part of {@code mvn verify}. Run: {@code mvn -B -q install -DskipTests && mvn -B verify -pl agent-it -Pbench
 * -Dit.test=OutageBench}.
 */
class OutageBench {
    static final int CALLS = 160;
    private static final String[][] CONFIGURATIONS = {
            {"none", null},
            {"llm-guard, no budget or breaker", "retry.budget-percent=1000,retry.budget-min-retries=100000,breaker.failure-threshold=0"},
            {"llm-guard, budget only", "breaker.failure-threshold=0"},
            {"llm-guard, defaults (budget and breaker)", ""},
    };

    @Test
    void requestsPerCallAndTimeToFailInASustainedOutage() throws Exception {
        StringBuilder sb = new StringBuilder();
        sb.append("| server | client | agent | server requests per call | time until all ").append(CALLS)
                .append(" calls failed | answered locally |\n|---|---|---|---:|---:|---:|\n");
        for (String server : new String[] {"503", "reset"}) {
            for (Client client : Client.OUTAGE) {
                for (String[] configuration : CONFIGURATIONS) {
                    Figures f = measure(server, client, configuration[1]);
                    sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %.1f s | %d |%n", server, client.label,
                            configuration[0], f.requestsPerCall(), f.elapsedMs() / 1000.0, f.answeredLocally()));
                    System.out.println("OUTAGE " + server + " " + client + " " + configuration[0] + ": " + f);
                }
            }
        }
        System.out.println(sb);
        Path out = Paths.get("target", "bench", "outage.md");
        Files.createDirectories(out.getParent());
        Files.write(out, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Figures measure(String server, Client client, String agentArgs) throws Exception {
        try (ChatCallsServer s = ChatCallsServer.started()) {
            MockResponse answer = "503".equals(server) ? OutageWorkload.unavailable() : OutageWorkload.reset();
            s.dispatcher().then(answer);
            return OutageWorkload.run(s, client, agentArgs, CALLS);
        }
    }
}
