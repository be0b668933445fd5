package dev.llmguard.it;

import static dev.llmguard.it.support.ChildRuns.agentLinesWith;
import static dev.llmguard.it.support.ChildRuns.assertClean;
import static dev.llmguard.it.support.ChildRuns.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.apps.ChatCallsApp;
import dev.llmguard.it.apps.JdkHttpApp;
import dev.llmguard.it.apps.LangChain4jApp;
import dev.llmguard.it.support.Canaries;
import dev.llmguard.it.support.ChildJvm;
import dev.llmguard.it.support.FrameworkApps;
import dev.llmguard.it.support.Jdk;
import dev.llmguard.it.support.ModelQuotaDispatcher;
import dev.llmguard.it.support.OkHttpVersion;
import dev.llmguard.it.support.Provider;
import dev.llmguard.it.support.RecordingDispatcher.Arrival;
import dev.llmguard.it.support.RunResult;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Model fallback in real JVMs: a model whose quota is gone for the day (429, Retry-After an hour)
 * and llmguard.fallback.models naming another. The calls succeed on the fallback, the server
 * receives the application's body with only the model changed, the exhausted model is asked
 * once and then skipped while its quota is paused, chains go on in order and never loop.
 */
class ModelFallbackIT {
    private static final Pattern CALL_NUMBER = Pattern.compile(" #(\\d+)\"");

    private final ModelQuotaDispatcher quota = new ModelQuotaDispatcher();
    private MockWebServer server;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.setDispatcher(quota);
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    /** The body the plain apps send for call {@code n}. */
    private static String appBody(String model, int n) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + Canaries.PROMPT + " #" + n + "\"}]}";
    }

    private RunResult okHttpCalls(String rules, int calls, String mode) throws Exception {
        ChildJvm jvm = ChildJvm.on(Jdk.current()).okHttp(OkHttpVersion.OKHTTP_4)
                .main(ChatCallsApp.class.getName(), "url=" + server.url("/v1/chat/completions"), "calls=" + calls,
                        "mode=" + mode, "apiKey=" + Canaries.API_KEY, "prompt=" + Canaries.PROMPT);
        if (rules != null) {
            jvm.agentArgs("fallback.models=" + rules);
        }
        return assertClean(jvm.run());
    }

    private static int count(List<String> models, String model) {
        return Collections.frequency(models, model);
    }

    @ParameterizedTest(name = "OkHttp {0}")
    @ValueSource(strings = {"sync", "async"})
    void callsForAnExhaustedModelAreServedByTheFallbackWithOnlyTheModelRewritten(String mode) throws Exception {
        quota.exhausted("gpt-4o-mini");

        RunResult result = okHttpCalls("gpt-4o-mini -> gpt-4.1-mini", 4, mode);

        for (int n = 0; n < 4; n++) {
            assertThat(call(result, n)).contains("status=200", "served-by=gpt-4.1-mini").doesNotContain("guard=");
        }
        List<String> models = quota.models();
        assertThat(count(models, "gpt-4o-mini")).as("asked once; then its quota is paused for the hour: " + models).isEqualTo(1);
        assertThat(count(models, "gpt-4.1-mini")).isEqualTo(4);
        for (Arrival a : quota.arrivals()) {
            Matcher m = CALL_NUMBER.matcher(a.body);
            assertThat(m.find()).as(a.body).isTrue();
            String model = ModelQuotaDispatcher.modelOf(a.path, a.body);
            assertThat(a.body).as("the application's body, byte for byte, but the model").isEqualTo(appBody(model, Integer.parseInt(m.group(1))));
            assertThat(a.headers.get("content-length")).containsExactly(Integer.toString(a.bodyBytes));
        }
        assertThat(agentLinesWith(result, "WARN", "falling back to model gpt-4.1-mini: POST", "model=gpt-4o-mini")).hasSize(4);
        assertThat(agentLinesWith(result, "falling back", "the server asks to wait 3600.00 s (retry-after)")).hasSize(1);
        assertThat(agentLinesWith(result, "falling back", "waiting for", "more than llmguard.throttle.max-wait")).hasSize(3);
        assertThat(agentLinesWith(result, "giving up")).isEmpty();
        assertThat(agentLinesWith(result, "refused locally")).isEmpty();
    }

    @Test
    void aChainGoesOnToTheNextModelThatCanServeTheCall() throws Exception {
        quota.exhausted("gpt-4o-mini", "gpt-4.1-mini");

        RunResult result = okHttpCalls("gpt-4o-mini -> gpt-4.1-mini, gpt-4.1-nano; gpt-4.1-mini -> gpt-4o-mini", 3, "sync");

        for (int n = 0; n < 3; n++) {
            assertThat(call(result, n)).contains("status=200", "served-by=gpt-4.1-nano");
        }
        assertThat(quota.models()).containsExactly("gpt-4o-mini", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-4.1-nano", "gpt-4.1-nano");
    }

    @Test
    void rulesThatNameEachOtherNeverLoop() throws Exception {
        quota.exhausted("gpt-4o-mini", "gpt-4.1-mini");

        RunResult result = okHttpCalls("gpt-4o-mini -> gpt-4.1-mini; gpt-4.1-mini -> gpt-4o-mini", 3, "sync");

        assertThat(call(result, 0)).as("the last server answer, from the fallback").contains("status=429", "served-by=gpt-4.1-mini",
                "Rate limit reached for gpt-4.1-mini").doesNotContain("guard=");
        for (int n = 1; n < 3; n++) {
            assertThat(call(result, n)).as("both quotas paused: answered locally").contains("status=429", "guard=refused",
                    "served-by=gpt-4.1-mini");
        }
        assertThat(quota.models()).containsExactly("gpt-4o-mini", "gpt-4.1-mini");
        assertThat(agentLinesWith(result, "giving up (429 rate_limit_exceeded)", "model=gpt-4.1-mini")).as(result.all()).hasSize(1);
        assertThat(agentLinesWith(result, "refused locally (429)", "model=gpt-4.1-mini")).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void langChain4jOnTheJdkClientIsServedByTheFallback(Provider provider) throws Exception {
        String exhausted = provider == Provider.OPENAI ? "gpt-4o-mini" : "claude-sonnet-4-5";
        String fallback = provider == Provider.OPENAI ? "gpt-4.1-mini" : "claude-haiku-4-5";
        quota.exhausted(exhausted);
        String base = provider == Provider.OPENAI ? server.url("/v1").toString() : server.url("/v1/").toString();

        RunResult result = assertClean(FrameworkApps.app(LangChain4jApp.class, base, "provider=" + provider.name().toLowerCase(),
                "calls=3").agentArgs("fallback.models=" + exhausted + " -> " + fallback).run());

        for (int n = 0; n < 3; n++) {
            assertThat(call(result, n)).contains(" ok ", Canaries.RESPONSE);
        }
        List<Arrival> arrivals = quota.arrivals();
        assertThat(quota.models()).containsExactly(exhausted, fallback, fallback, fallback);
        assertThat(arrivals.get(1).body).as("LangChain4j's body with only the model changed")
                .isEqualTo(arrivals.get(0).body.replace("\"" + exhausted + "\"", "\"" + fallback + "\""))
                .isNotEqualTo(arrivals.get(0).body);
        assertThat(agentLinesWith(result, "falling back to model " + fallback)).hasSize(3);
    }

    static List<Jdk> jdks() {
        return Jdk.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void concurrentCallsOnTheJdkClientAllSucceedAndWithoutARuleAllFail(Jdk jdk) throws Exception {
        quota.exhausted("gpt-4o-mini");
        String url = server.url("/v1/chat/completions").toString();
        RunResult without = assertClean(ChildJvm.on(jdk).classpath(ChildJvm.testClasses()).main(JdkHttpApp.class.getName(), "url=" + url, "calls=16",
                "threads=8", "apiKey=" + Canaries.API_KEY, "prompt=" + Canaries.PROMPT).run());
        assertThat(without.lines("CALL ")).hasSize(16).allSatisfy(l -> assertThat(l).contains("status=429"));
        int before = quota.arrivals().size();

        RunResult with = assertClean(ChildJvm.on(jdk).classpath(ChildJvm.testClasses()).main(JdkHttpApp.class.getName(), "url=" + url, "calls=16",
                "threads=8", "apiKey=" + Canaries.API_KEY, "prompt=" + Canaries.PROMPT)
                .agentArgs("fallback.models=gpt-4o-mini -> gpt-4.1-mini").run());

        assertThat(with.lines("CALL ")).hasSize(16).allSatisfy(l -> assertThat(l).contains("status=200", "served-by=gpt-4.1-mini"));
        List<String> models = quota.models().subList(before, quota.models().size());
        assertThat(count(models, "gpt-4.1-mini")).isEqualTo(16);
        assertThat(count(models, "gpt-4o-mini")).as("asked once, then paused: " + models).isEqualTo(1);
    }
}
