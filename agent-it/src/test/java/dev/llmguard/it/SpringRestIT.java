package dev.llmguard.it;

import static dev.llmguard.it.support.ChildRuns.assertClean;
import static dev.llmguard.it.support.ChildRuns.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.apps.SpringRestApp;
import dev.llmguard.it.support.ApacheClient;
import dev.llmguard.it.support.Canaries;
import dev.llmguard.it.support.ChildJvm;
import dev.llmguard.it.support.FrameworkApps;
import dev.llmguard.it.support.Provider;
import dev.llmguard.it.support.RecordingDispatcher;
import dev.llmguard.it.support.RecordingDispatcher.Arrival;
import dev.llmguard.it.support.RecordingServer;
import dev.llmguard.it.support.RunResult;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Legacy services on Spring's {@code RestTemplate} and {@code RestClient} over Apache HttpClient 5
 * and over {@code HttpURLConnection} ({@code SimpleClientHttpRequestFactory}), in real JVMs: a
 * rate-limited call is retried by the guard with the same bytes and answers.
 */
class SpringRestIT {
    @RegisterExtension
    final RecordingServer server = new RecordingServer();
    private final RecordingDispatcher dispatcher = server.dispatcher();

    private RunResult run(String client) throws Exception {
        ChildJvm jvm = FrameworkApps.app(SpringRestApp.class, server.url("/v1/chat/completions").toString(), "client=" + client);
        ApacheClient.HC5.jars().forEach(jvm::classpath);
        return assertClean(jvm.run());
    }

    @ParameterizedTest
    @ValueSource(strings = {"resttemplate-apache", "restclient", "resttemplate-simple"})
    void aRateLimitedCallIsRetriedWithTheSameBytes(String client) throws Exception {
        dispatcher.then(Provider.OPENAI.rateLimited("req_1").setHeader("retry-after-ms", "300")).then(Provider.OPENAI.ok("req_2"));

        RunResult result = run(client);

        assertThat(call(result, 0)).contains("status=200").contains(Canaries.RESPONSE);
        List<Arrival> arrivals = dispatcher.arrivals();
        assertThat(arrivals).hasSize(2);
        assertThat(arrivals.get(1).body).isEqualTo(arrivals.get(0).body).contains(Canaries.PROMPT);
        assertThat((arrivals.get(1).nanos - arrivals.get(0).nanos) / 1_000_000).isGreaterThanOrEqualTo(300);
    }
}
