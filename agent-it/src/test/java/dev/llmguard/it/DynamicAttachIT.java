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
 * The agent loaded into a running JVM (agentmain), with the JDK's attach API or the jar's own
 * {@code attach} command: clients the application built before the agent arrived are guarded too.
 */
class DynamicAttachIT {
    static final String[] CLIENTS = {"default", "with-app-interceptor", "derived", "built-after"};

    @RegisterExtension
    final LocalServer server = new LocalServer();

    interface Attach {
        void into(long pid) throws Exception;
    }

    /** Runs {@link PreBuiltClientsApp}, attaching the agent after its clients exist and before its calls. */
    private RunResult runAttached(OkHttpVersion v, Jdk jdk, Attach attach) throws Exception {
        try (RunningJvm child = ChildJvm.on(jdk).withoutAgent().okHttp(v)
                .main(PreBuiltClientsApp.class.getName(), server.url("/v1/chat/completions").toString(), Canaries.API_KEY, Canaries.PROMPT)
                .start()) {
            child.awaitLine("READY", 30_000);
            attach.into(child.pid());
            child.send("GO");
            RunResult result = Outcomes.assertHealthy(child.finish());
            assertThat(result.agentLines()).filteredOn(l -> l.contains("active (attached)")).as(result.all()).hasSize(1);
            for (String client : CLIENTS) {
                String interceptors = Outcomes.line(result, "INTERCEPTORS " + client + " ");
                assertThat(interceptors).as(client).contains("[dev.llmguard.okhttp.adapter.GuardInterceptor");
                assertThat(interceptors.split("GuardInterceptor", -1)).as(client + ": one guard").hasSize(2);
            }
            return result;
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("dev.llmguard.it.support.LocalServer#okHttpOnEveryJdk")
    void guardsClientsBuiltBeforeTheAgentArrivedAndInstallsOnceWhenAttachedTwice(OkHttpVersion v, Jdk jdk) throws Exception {
        for (int i = 0; i < CLIENTS.length + 1; i++) { // the OkHttp clients, then the JDK client
            server.dispatcher().then(rateLimited().setHeader("retry-after-ms", "50")).then(ok());
        }

        RunResult result = runAttached(v, jdk, pid -> {
            VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
            try {
                vm.loadAgent(ChildJvm.agentJar().toString(), "strict=true");
                vm.loadAgent(ChildJvm.agentJar().toString(), "strict=true,retry.max-attempts=1");
            } finally {
                vm.detach();
            }
        });

        for (String client : CLIENTS) {
            assertThat(Outcomes.line(result, "CALL " + client + " ")).as(client).endsWith("status=200");
        }
        assertThat(Outcomes.line(result, "CALL jdk-client ")).as("a JDK client built before the attach").endsWith("status=200");
        assertThat(server.dispatcher().count()).as("each of the 5 calls retried its 429 once").isEqualTo(10);
        assertThat(result.lines("APP_INTERCEPTOR_RUNS ")).as("the guard runs before the app's interceptor")
                .containsExactly("APP_INTERCEPTOR_RUNS 4");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.llmguard.it.support.Jdk#all")
    void theJarsAttachCommandLoadsItWithTheGivenSettings(Jdk jdk) throws Exception {
        server.dispatcher().then(rateLimited().setHeader("retry-after-ms", "20"));

        RunResult result = runAttached(OkHttpVersion.OKHTTP_4, jdk, pid -> {
            RunResult command = ChildJvm.on(jdk).withoutAgent().jvmArg("-jar").jvmArg(ChildJvm.agentJar().toString())
                    .main("", "attach", String.valueOf(pid), "strict=true,retry.max-attempts=2,retry.base-delay=10ms").run();
            assertThat(command.exitCode).as(command.all()).isZero();
            assertThat(command.stdout).contains("loaded into JVM " + pid);
        });

        for (String client : CLIENTS) {
            assertThat(Outcomes.line(result, "CALL " + client + " ")).as(client).endsWith("status=429");
        }
        assertThat(Outcomes.line(result, "CALL jdk-client ")).endsWith("status=429");
        assertThat(server.dispatcher().count()).as("retry.max-attempts=2 reached the agent").isEqualTo(2 * (CLIENTS.length + 1));
    }
}
