package dev.llmguard.it;

import static dev.llmguard.it.support.ChildRuns.assertClean;
import static dev.llmguard.it.support.ChildRuns.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.support.Canaries;
import dev.llmguard.it.support.ChildJvm;
import dev.llmguard.it.support.ChildRuns;
import dev.llmguard.it.support.OwnClasspathApps;
import dev.llmguard.it.support.RecordingDispatcher;
import dev.llmguard.it.support.RecordingDispatcher.Arrival;
import dev.llmguard.it.support.RecordingServer;
import dev.llmguard.it.support.RunResult;
import java.util.List;
import java.util.function.Consumer;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The google-genai Java SDK (its own OkHttp client and its {@code RetryInterceptor}: 5 attempts on
 * 408, 429 and 5xx, RetryInfo not read) in real JVMs. Under the agent the guard's loop is the only
 * one: the server receives at most max-attempts requests per call and the server's RetryInfo wait
 * is honoured; with the guard disabled the SDK retries as it always did.
 */
class GoogleGenAiIT {
    private static final String PATH = "/v1/models/gemini-2.0-flash:generateContent";

    @RegisterExtension
    final RecordingServer server = new RecordingServer();
    private final RecordingDispatcher dispatcher = server.dispatcher();

    private RunResult run(Consumer<ChildJvm> customizer) throws Exception {
        ChildJvm jvm = OwnClasspathApps.app("google-genai", "dev.llmguard.it.frameworks.GoogleGenAiApp", server.url("/").toString());
        customizer.accept(jvm);
        return assertClean(jvm.run());
    }

    @Test
    void aRateLimitedCallWaitsTheServersRetryInfoAndIsSentOnceMoreWithTheSameBytes() throws Exception {
        dispatcher.then(error(429, "RESOURCE_EXHAUSTED", "0.6s")).then(ok());

        RunResult result = run(jvm -> { });

        assertThat(call(result, 0)).contains(" ok ").contains(Canaries.RESPONSE);
        List<Arrival> arrivals = dispatcher.arrivals();
        assertThat(arrivals).as(result.all()).hasSize(2);
        assertThat(arrivals.get(0).path).isEqualTo(PATH);
        assertThat(arrivals.get(1).body).as("the SDK's body, sent again unchanged").isEqualTo(arrivals.get(0).body).contains(Canaries.PROMPT);
        assertThat((arrivals.get(1).nanos - arrivals.get(0).nanos) / 1_000_000).as("RetryInfo's 0.6 s").isGreaterThanOrEqualTo(600);
        assertThat(ChildRuns.agentLinesWith(result, "rate limited (429 RESOURCE_EXHAUSTED)", "model=gemini-2.0-flash", "(RetryInfo)")).as(result.all()).hasSize(1);
    }

    @Test
    void inAnOutageTheSdksRetryInterceptorIsHandedOverAndTheServerSeesMaxAttempts() throws Exception {
        dispatcher.then(error(503, "UNAVAILABLE", null));

        RunResult result = run(jvm -> jvm.agentArgs("retry.base-delay=10ms,retry.max-delay=50ms"));

        assertThat(call(result, 0)).contains("error=com.google.genai.errors.ServerException").contains("code=503");
        assertThat(dispatcher.count()).as("the guard's 5 attempts, not 5 x 5").isEqualTo(5);
        assertThat(ChildRuns.agentLinesWith(result, "google-genai retries handed over to llm-guard")).as(result.all()).hasSize(1);
    }

    @Test
    void withTheGuardDisabledTheSdkRetriesAsItAlwaysDid() throws Exception {
        dispatcher.then(error(429, "RESOURCE_EXHAUSTED", "0.6s")).then(ok());

        RunResult result = run(jvm -> jvm.property("llmguard.enabled", "false"));

        assertThat(call(result, 0)).contains(" ok ").contains(Canaries.RESPONSE);
        assertThat(dispatcher.count()).as("the SDK's own retry of the 429").isEqualTo(2);
        assertThat(ChildRuns.agentLinesWith(result, "handed over")).isEmpty();
    }

    private static MockResponse ok() {
        return json(200, "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + Canaries.RESPONSE + "\"}],\"role\":\"model\"},"
                + "\"finishReason\":\"STOP\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":3,"
                + "\"totalTokenCount\":8},\"modelVersion\":\"gemini-2.0-flash\"}");
    }

    /** Gemini's error shape; a 429 carries its wait in a RetryInfo detail. */
    private static MockResponse error(int code, String status, String retryDelay) {
        String details = retryDelay == null ? ""
                : ",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"" + retryDelay + "\"}]";
        return json(code, "{\"error\":{\"code\":" + code + ",\"message\":\"try later\",\"status\":\"" + status + "\"" + details + "}}");
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse().setResponseCode(code).setHeader("content-type", "application/json; charset=UTF-8").setBody(body);
    }
}
