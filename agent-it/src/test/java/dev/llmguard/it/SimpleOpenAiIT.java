package dev.llmguard.it;

import static dev.llmguard.it.support.ChildRuns.assertClean;
import static dev.llmguard.it.support.ChildRuns.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.support.Canaries;
import dev.llmguard.it.support.ChildJvm;
import dev.llmguard.it.support.ChildRuns;
import dev.llmguard.it.support.OwnClasspathApps;
import dev.llmguard.it.support.Provider;
import dev.llmguard.it.support.RecordingDispatcher;
import dev.llmguard.it.support.RecordingDispatcher.Arrival;
import dev.llmguard.it.support.RecordingServer;
import dev.llmguard.it.support.RunResult;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * simple-openai (cleverclient over the JDK client, with cleverclient's own retries: 3 attempts on
 * 429 and 5xx, 1 s x 2^n, Retry-After not read) in real JVMs: under the agent its requests are
 * guarded as JDK client calls and its retries handed over, so the server receives at most
 * max-attempts requests per call.
 */
class SimpleOpenAiIT {
    @RegisterExtension
    final RecordingServer server = new RecordingServer();
    private final RecordingDispatcher dispatcher = server.dispatcher();

    private RunResult run(Consumer<ChildJvm> customizer) throws Exception {
        ChildJvm jvm = OwnClasspathApps.app("simple-openai", "dev.llmguard.it.frameworks.SimpleOpenAiApp", server.url("/").toString().replaceAll("/$", ""));
        customizer.accept(jvm);
        return assertClean(jvm.run());
    }

    @Test
    void aRateLimitedCallWaitsTheServersWaitAndIsSentOnceMoreWithTheSameBytes() throws Exception {
        dispatcher.then(Provider.OPENAI.rateLimited("req_1").setHeader("retry-after-ms", "400")).then(Provider.OPENAI.ok("req_2"));

        RunResult result = run(jvm -> { });

        assertThat(call(result, 0)).contains(" ok ").contains(Canaries.RESPONSE);
        List<Arrival> arrivals = dispatcher.arrivals();
        assertThat(arrivals).as(result.all()).hasSize(2);
        assertThat(arrivals.get(0).path).isEqualTo("/v1/chat/completions");
        assertThat(arrivals.get(1).body).isEqualTo(arrivals.get(0).body).contains(Canaries.PROMPT);
        long gapMillis = (arrivals.get(1).nanos - arrivals.get(0).nanos) / 1_000_000;
        assertThat(gapMillis).as("the server's 0.4 s, not cleverclient's 1 s").isBetween(400L, 950L);
    }

    @Test
    void inAnOutageCleverclientsRetriesAreHandedOverAndTheServerSeesMaxAttempts() throws Exception {
        dispatcher.then(Provider.OPENAI.overloaded("req_503"));

        RunResult result = run(jvm -> jvm.agentArgs("retry.base-delay=10ms,retry.max-delay=50ms"));

        assertThat(call(result, 0)).contains(" error=");
        assertThat(dispatcher.count()).as("the guard's 5 attempts, not 3 x 5").isEqualTo(5);
        assertThat(ChildRuns.agentLinesWith(result, "simple-openai (cleverclient) retries handed over to llm-guard")).as(result.all()).hasSize(1);
    }

    @Test
    void withTheGuardDisabledCleverclientRetriesAsItAlwaysDid() throws Exception {
        dispatcher.then(Provider.OPENAI.rateLimited("req_1")).then(Provider.OPENAI.ok("req_2"));

        RunResult result = run(jvm -> jvm.property("llmguard.enabled", "false"));

        assertThat(call(result, 0)).contains(" ok ").contains(Canaries.RESPONSE);
        assertThat(dispatcher.count()).as("cleverclient's own retry").isEqualTo(2);
        assertThat(ChildRuns.agentLinesWith(result, "handed over")).isEmpty();
    }
}
