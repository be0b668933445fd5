package dev.llmguard.it;

import static dev.llmguard.it.support.ChildRuns.assertClean;
import static dev.llmguard.it.support.ChildRuns.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.apps.SpringAiApp;
import dev.llmguard.it.support.Canaries;
import dev.llmguard.it.support.ChildJvm;
import dev.llmguard.it.support.ApacheClient;
import dev.llmguard.it.support.ChildRuns;
import dev.llmguard.it.support.FrameworkApps;
import dev.llmguard.it.support.Provider;
import dev.llmguard.it.support.RecordingDispatcher;
import dev.llmguard.it.support.RecordingDispatcher.Arrival;
import dev.llmguard.it.support.RecordingServer;
import dev.llmguard.it.support.RunResult;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spring AI 1.1's {@code OpenAiChatModel} over {@code RestClient} with the JDK request factory, in
 * real JVMs. Spring AI maps every 4xx, 429 included, to a non-transient error it never retries: a
 * rate-limited call fails at once without the agent, and is retried by the guard with it.
 */
class SpringAiIT {
    @RegisterExtension
    final RecordingServer server = new RecordingServer();
    private final RecordingDispatcher dispatcher = server.dispatcher();

    private RunResult run(Consumer<ChildJvm> customizer, String... args) throws Exception {
        ChildJvm jvm = FrameworkApps.app(SpringAiApp.class, server.url("/").toString(), args);
        customizer.accept(jvm);
        return assertClean(jvm.run());
    }

    @Test
    void aRateLimitedCallIsRetriedWithTheSameBytesAndAnswers() throws Exception {
        dispatcher.then(Provider.OPENAI.rateLimited("req_1").setHeader("retry-after-ms", "500")).then(Provider.OPENAI.ok("req_2"));

        RunResult result = run(jvm -> { });

        assertThat(call(result, 0)).contains(" ok ").contains(Canaries.RESPONSE);
        List<Arrival> arrivals = dispatcher.arrivals();
        assertThat(arrivals).hasSize(2);
        assertThat(arrivals.get(0).path).isEqualTo("/v1/chat/completions");
        assertThat(arrivals.get(1).body).as("the body Spring wrote once, sent twice").isEqualTo(arrivals.get(0).body).contains(Canaries.PROMPT);
        assertThat((arrivals.get(1).nanos - arrivals.get(0).nanos) / 1_000_000).isGreaterThanOrEqualTo(500);
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "default"})
    void overHttpUrlConnectionOrApacheHttpClientTheCallIsRetriedToo(String factory) throws Exception {
        dispatcher.then(Provider.OPENAI.rateLimited("req_1").setHeader("retry-after-ms", "300")).then(Provider.OPENAI.ok("req_2"));

        // "default": Apache HttpClient 5 on the class path, which RestClient then picks
        RunResult result = run(jvm -> ApacheClient.HC5.jars().forEach(jvm::classpath), "factory=" + factory);

        assertThat(call(result, 0)).contains(" ok ").contains(Canaries.RESPONSE);
        List<Arrival> arrivals = dispatcher.arrivals();
        assertThat(arrivals).hasSize(2);
        assertThat(arrivals.get(1).body).isEqualTo(arrivals.get(0).body).contains(Canaries.PROMPT);
        assertThat(ChildRuns.agentLinesWith(result, "Apache HttpClient 5", "handed over to llm-guard")).hasSize("default".equals(factory) ? 1 : 0);
    }

    @Test
    void withoutTheAgentTheRateLimitedCallFailsAtOnce() throws Exception {
        dispatcher.then(Provider.OPENAI.rateLimited("req_1")).then(Provider.OPENAI.ok("req_2"));

        RunResult result = run(ChildJvm::withoutAgent);

        assertThat(call(result, 0)).contains("error=org.springframework.ai.retry.NonTransientAiException");
        assertThat(dispatcher.count()).isEqualTo(1);
    }

    @Test
    void anAlways429ServerSeesMaxAttemptsAndTheAppGetsSpringAisOwnException() throws Exception {
        dispatcher.then(Provider.OPENAI.rateLimited("req_429"));

        RunResult result = run(jvm -> { });

        assertThat(call(result, 0)).contains("error=org.springframework.ai.retry.NonTransientAiException");
        assertThat(dispatcher.count()).isEqualTo(5);
    }

    @Test
    void inAnOutageSpringAisRetryTemplateIsHandedOverAndTheServerSeesMaxAttempts() throws Exception {
        dispatcher.then(Provider.OPENAI.overloaded("req_503"));

        RunResult result = run(jvm -> jvm.agentArgs("retry.base-delay=10ms,retry.max-delay=50ms"));

        assertThat(call(result, 0)).contains("error=org.springframework.ai.retry.TransientAiException");
        assertThat(dispatcher.count()).as("the guard's 5 attempts, not 10 x 5").isEqualTo(5);
        assertThat(ChildRuns.agentLinesWith(result, "spring-ai retries handed over to llm-guard")).hasSize(1);
    }
}
