package dev.llmguard.it;

import dev.llmguard.it.support.ModelQuotaDispatcher;
import dev.llmguard.it.support.OutageWorkload;
import dev.llmguard.it.support.OutageWorkload.Client;
import dev.llmguard.it.support.OutageWorkload.Figures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * The model-fallback benchmark: {@value #CALLS} calls (or what 60 s allow) over 16 threads for gpt-4o-mini, whose
 * quota is gone for the day (every request for it answered 429 with an hour's Retry-After), with
 * and without {@code llmguard.fallback.models=gpt-4o-mini -> gpt-4.1-mini}: the share of calls
 * that succeed and what the server received. The table goes to stdout and
 * {@code agent-it/target/bench/fallback.md}.
 *
 * <p>Not part of {@code mvn verify}. Run: {@code mvn -B -q install -DskipTests && mvn -B verify -pl agent-it -Pbench
 * -Dit.test=FallbackBench}.
 */
class FallbackBench {
    static final int CALLS = 320;
    private static final String RULE = "fallback.models=gpt-4o-mini -> gpt-4.1-mini";
    private static final String[][] CONFIGURATIONS = {
            {"none", null},
            {"llm-guard, no fallback", ""},
            {"llm-guard, fallback to gpt-4.1-mini", RULE},
    };

    @Test
    void callsForAModelWhoseQuotaIsGone() throws Exception {
        StringBuilder sb = new StringBuilder();
        sb.append("| client | agent | calls | succeeded | server requests for gpt-4o-mini | for gpt-4.1-mini | time |\n")
                .append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Client client : List.of(Client.OKHTTP, Client.OPENAI_SDK, Client.JDK, Client.LANGCHAIN4J)) {
            for (String[] configuration : CONFIGURATIONS) {
                ModelQuotaDispatcher quota = new ModelQuotaDispatcher().exhausted("gpt-4o-mini");
                MockWebServer server = new MockWebServer();
                server.setDispatcher(quota);
                server.start();
                try {
                    Figures f = OutageWorkload.run(server.url("/v1").toString(), () -> quota.arrivals().size(), client,
                            configuration[1], CALLS, 60, "gpt-4o-mini");
                    List<String> models = quota.models();
                    sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f%% | %d | %d | %.1f s |%n", client.label, configuration[0],
                            f.calls(), 100.0 * f.succeeded() / f.calls(), Collections.frequency(models, "gpt-4o-mini"),
                            Collections.frequency(models, "gpt-4.1-mini"), f.elapsedMs() / 1000.0));
                    System.out.println("FALLBACK " + client + " " + configuration[0] + ": " + f);
                } finally {
                    server.shutdown();
                }
            }
        }
        System.out.println(sb);
        Path out = Paths.get("target", "bench", "fallback.md");
        Files.createDirectories(out.getParent());
        Files.write(out, sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
