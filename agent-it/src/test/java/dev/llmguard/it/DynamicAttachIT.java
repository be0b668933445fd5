package dev.llmguard.it;

import static dev.llmguard.it.support.OpenAiResponses.ok;
import static dev.llmguard.it.support.OpenAiResponses.rateLimited;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import dev.llmguard.it.apps.PreBuiltClientsApp;
import dev.llmguard.it.support.Canaries;
import dev.llmguard.it.support.ChildJvm;
import dev.llmguard.it.support.Jdk;
import dev.llmguard.it.support.LocalServer;
import dev.llmguard.it.support.OkHttpVersion;
import dev.llmguard.it.support.Outcomes;
import dev.llmguard.it.support.RunResult;
import dev.llmguard.it.support.RunningJvm;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agent loaded into a running JVM (agentmain) with the JDK's attach API, as {@code jcmd} or a
 * tool would: clients the application built before the agent arrived are guarded too.
 */
class DynamicAttachIT {
    @RegisterExtension
    final LocalServer server = new LocalServer();

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("dev.llmguard.it.support.LocalServer#okHttpOnEveryJdk")
    void guardsClientsBuiltBeforeTheAgentArrivedAndInstallsOnceWhenAttachedTwice(OkHttpVersion v, Jdk jdk) throws Exception {
        for (int i = 0; i < 4; i++) {
            server.dispatcher().then(rateLimited().setHeader("retry-after-ms", "50")).then(ok());
        }
        RunResult result;
        try (RunningJvm child = ChildJvm.on(jdk).withoutAgent().okHttp(v)
                .main(PreBuiltClientsApp.class.getName(), server.url("/v1/chat/completions").toString(), Canaries.API_KEY, Canaries.PROMPT)
                .start()) {
            child.awaitLine("READY", 30_000);
            VirtualMachine vm = VirtualMachine.attach(String.valueOf(child.pid()));
            try {
                vm.loadAgent(ChildJvm.agentJar().toString(), "strict=true");
                vm.loadAgent(ChildJvm.agentJar().toString(), "strict=true,retry.max-attempts=1");
            } finally {
                vm.detach();
            }
            child.send("GO");
            result = child.finish();
        }

        Outcomes.assertHealthy(result);
        assertThat(result.agentLines()).filteredOn(l -> l.contains("active (attached)")).as(result.all()).hasSize(1);
        for (String client : new String[] {"default", "with-app-interceptor", "derived", "built-after"}) {
            String interceptors = Outcomes.line(result, "INTERCEPTORS " + client + " ");
            assertThat(interceptors).as(client).contains("[dev.llmguard.okhttp.adapter.GuardInterceptor");
            assertThat(interceptors.split("GuardInterceptor", -1)).as(client + ": one guard").hasSize(2);
            assertThat(Outcomes.line(result, "CALL " + client + " ")).as(client).endsWith("status=200");
        }
        assertThat(server.dispatcher().count()).as("each of the 4 calls retried its 429 once").isEqualTo(8);
        assertThat(result.lines("APP_INTERCEPTOR_RUNS ")).as("the guard runs before the app's interceptor")
                .containsExactly("APP_INTERCEPTOR_RUNS 4");
    }
}
