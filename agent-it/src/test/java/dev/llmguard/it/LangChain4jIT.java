package dev.llmguard.it;

import static dev.llmguard.it.support.ChildRuns.agentLinesWith;
import static dev.llmguard.it.support.ChildRuns.assertClean;
import static dev.llmguard.it.support.ChildRuns.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.apps.LangChain4jApp;
import dev.llmguard.it.support.Canaries;
import dev.llmguard.it.support.ChildJvm;
import dev.llmguard.it.support.Jdk;
import dev.llmguard.it.support.Provider;
import dev.llmguard.it.support.RecordingDispatcher;
import dev.llmguard.it.support.RecordingDispatcher.Arrival;
import dev.llmguard.it.support.RecordingServer;
import dev.llmguard.it.support.RunResult;
import dev.llmguard.it.support.Sdk;
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
        ChildJvm jvm = ChildJvm.on(Jdk.current()).classpath(ChildJvm.testClasses());
        Sdk.latestClasspath().forEach(jvm::classpath);
        jvm.classpath(slf4jApi()); // LangChain4j logs through slf4j (no binding: its lines go nowhere)
        String[] all = new String[args.length + 4];
        all[0] = "url=" + base;
        all[1] = "provider=" + provider.name().toLowerCase();
        all[2] = "apiKey=" + Canaries.API_KEY;
        all[3] = "prompt=" + Canaries.PROMPT;
        System.arraycopy(args, 0, all, 4, args.length);
        jvm.main(LangChain4jApp.class.getName(), all);
        customizer.accept(jvm);
        return assertClean(jvm.run());
    }

    private static String slf4jApi() throws java.io.IOException {
        try (java.util.stream.Stream<java.nio.file.Path> jars = java.nio.file.Files.list(java.nio.file.Paths.get("target", "libs", "host-common"))) {
            return jars.filter(p -> p.getFileName().toString().startsWith("slf4j-api-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("slf4j-api missing in target/libs/host-common (run mvn verify)"))
                    .toAbsolutePath().toString();
        }
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
