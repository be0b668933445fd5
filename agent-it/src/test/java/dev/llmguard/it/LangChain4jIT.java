package dev.llmguard.it;

import static dev.llmguard.it.support.ChildRuns.agentLinesWith;
import static dev.llmguard.it.support.ChildRuns.assertClean;
import static dev.llmguard.it.support.ChildRuns.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.apps.LangChain4jApp;
import dev.llmguard.it.support.Canaries;
import dev.llmguard.it.support.ChildJvm;
import dev.llmguard.it.support.FrameworkApps;
import dev.llmguard.it.support.Provider;
import dev.llmguard.it.support.RecordingDispatcher;
import dev.llmguard.it.support.RecordingDispatcher.Arrival;
import dev.llmguard.it.support.RecordingServer;
import dev.llmguard.it.support.RunResult;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * LangChain4j 1.x chat models with their defaults (the JDK HTTP client, maxRetries 2) under the
 * agent, in real JVMs: the guard sees their requests and takes over their retries, so one call
 * reaches the server at most max-attempts times and the app still gets LangChain4j's exceptions.
 */
class LangChain4jIT {
    @RegisterExtension
    final RecordingServer server = new RecordingServer();
    private final RecordingDispatcher dispatcher = server.dispatcher();

    private RunResult run(Provider provider, Consumer<ChildJvm> customizer, String... args) throws Exception {
        String base = provider == Provider.OPENAI ? server.url("/v1").toString() : server.url("/v1/").toString();
        String[] all = new String[args.length + 1];
        all[0] = "provider=" + provider.name().toLowerCase();
        System.arraycopy(args, 0, all, 1, args.length);
        ChildJvm jvm = FrameworkApps.app(LangChain4jApp.class, base, all);
        customizer.accept(jvm);
        return assertClean(jvm.run());
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void retriesA429HonouringTheServersWaitAndReturnsTheAnswer(Provider p) throws Exception {
        dispatcher.then(p.rateLimited("req_1").setHeader("retry-after-ms", "600")).then(p.ok("req_2"));

        RunResult result = run(p, jvm -> { });

        assertThat(call(result, 0)).contains(" ok ").contains(Canaries.RESPONSE);
        List<Arrival> arrivals = dispatcher.arrivals();
        assertThat(arrivals).hasSize(2);
        assertThat(arrivals.get(1).body).isEqualTo(arrivals.get(0).body);
        assertThat((arrivals.get(1).nanos - arrivals.get(0).nanos) / 1_000_000).as("waited the server's 600 ms").isGreaterThanOrEqualTo(600);
        assertThat(agentLinesWith(result, "langchain4j retries handed over to llm-guard")).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void onAnAlways429ServerOneCallReachesItMaxAttemptsTimesNotMore(Provider p) throws Exception {
        dispatcher.then(p.rateLimited("req_429"));

        RunResult result = run(p, jvm -> { }, "calls=2");

        assertThat(result.lines("CALL ")).hasSize(2).allSatisfy(l -> assertThat(l).contains("error=dev.langchain4j.exception.RateLimitException"));
        assertThat(dispatcher.count()).as("5 attempts per call, not 3 x 5").isEqualTo(10);
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void withoutTheAgentLangChain4jRetriesAsBefore(Provider p) throws Exception {
        dispatcher.then(p.rateLimited("req_429"));

        RunResult result = run(p, ChildJvm::withoutAgent);

        assertThat(call(result, 0)).contains("error=dev.langchain4j.exception.RateLimitException");
        assertThat(dispatcher.count()).as("LangChain4j's own 1 + maxRetries 2").isEqualTo(3);
    }
}
