package dev.llmguard.it;

import static dev.llmguard.it.support.OpenAiResponses.ok;
import static dev.llmguard.it.support.OpenAiResponses.rateLimited;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.tools.attach.VirtualMachine;
import dev.llmguard.it.apps.MeteredServiceApp;
import dev.llmguard.it.support.Canaries;
import dev.llmguard.it.support.ChildJvm;
import dev.llmguard.it.support.Jdk;
import dev.llmguard.it.support.OkHttpVersion;
import dev.llmguard.it.support.RecordingDispatcher;
import dev.llmguard.it.support.RunResult;
import dev.llmguard.it.support.RunningJvm;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A known workload in a real JVM with the agent, then what the guard says of it: through
 * {@code java -jar llm-guard.jar status <pid>} (table and JSON) and through a JMX client, counted
 * against what the server received; the budget alerts at 70 % and 90 % of a configured daily limit.
 */
class GuardStatusIT {
    private static final int CALLS = 18;
    private static final int DAILY_LIMIT = 20;

    private MockWebServer server;
    private final RecordingDispatcher dispatcher = new RecordingDispatcher();

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.setDispatcher(dispatcher);
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.shutdown();
    }

    private static String[] statusCommand(long pid, String... options) {
        String[] command = new String[4 + options.length];
        command[0] = Jdk.current().javaExecutable();
        command[1] = "-jar";
        command[2] = ChildJvm.agentJar().toString();
        command[3] = "status";
        String[] all = new String[command.length + 1];
        System.arraycopy(command, 0, all, 0, 4);
        all[4] = String.valueOf(pid);
        System.arraycopy(options, 0, all, 5, options.length);
        return all;
    }

    /** Runs the status command; returns exit code, then stdout + stderr. */
    private static String[] status(long pid, String... options) throws Exception {
        Process p = new ProcessBuilder(statusCommand(pid, options)).redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String[] {String.valueOf(p.exitValue()), out.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void theStatusCommandAndAJmxClientShowExactlyWhatTheServerReceived() throws Exception {
        dispatcher.then(rateLimited().setHeader("retry-after-ms", "50"));
        for (int i = 0; i < CALLS; i++) {
            dispatcher.then(ok());
        }
        try (RunningJvm child = ChildJvm.on(Jdk.current()).okHttp(OkHttpVersion.OKHTTP_4)
                .property("llmguard.limits.default", "rpd=" + DAILY_LIMIT)
                .main(MeteredServiceApp.class.getName(), server.url("/v1/chat/completions").toString(), String.valueOf(CALLS), Canaries.API_KEY)
                .start()) {
            assertThat(child.awaitLine("DONE", 60_000)).isEqualTo("DONE calls=" + CALLS + " ok=" + CALLS);
            int received = dispatcher.count();
            assertThat(received).isEqualTo(CALLS + 1);

            String[] json = status(child.pid(), "--json");
            assertThat(json[0]).as(json[1]).isEqualTo("0");
            JsonNode quotas = new ObjectMapper().readTree(json[1]).get("quotas");
            assertThat(quotas).hasSize(1);
            JsonNode q = quotas.get(0);
            assertThat(q.get("host").asText()).isEqualTo("localhost:" + server.getPort());
            assertThat(q.get("model").asText()).isEqualTo("gpt-4o-mini");
            assertThat(q.get("keyFingerprint").asText()).hasSize(12).isNotEqualTo(Canaries.API_KEY);
            assertThat(q.get("requestsSent").asLong()).isEqualTo(received);
            assertThat(q.get("successes").asLong()).isEqualTo(CALLS);
            assertThat(q.get("rateLimited").asLong()).isEqualTo(1);
            assertThat(q.get("rateLimitedByRequests").asLong()).isEqualTo(1);
            assertThat(q.get("retries").asLong()).isEqualTo(1);
            assertThat(q.get("waits").asLong()).isGreaterThanOrEqualTo(1);
            assertThat(q.get("tokensReported").asLong()).as("usage.total_tokens of each answer").isEqualTo(8L * CALLS);
            assertThat(q.get("requestsToday").asLong()).isEqualTo(received);
            assertThat(q.get("requestsPerDayLimit").asLong()).isEqualTo(DAILY_LIMIT);
            assertThat(q.get("requestsPerDayLimitSource").asText()).isEqualTo("configured");
            assertThat(q.get("requestsPerMinuteLimit").asLong()).as("learned from the 429's headers").isEqualTo(500);
            assertThat(q.get("requestsPerMinuteLimitSource").asText()).isEqualTo("learned");
            assertThat(json[1]).doesNotContain(Canaries.API_KEY);

            String[] table = status(child.pid());
            assertThat(table[0]).as(table[1]).isEqualTo("0");
            assertThat(table[1].lines().collect(Collectors.toList())).hasSize(2)
                    .anySatisfy(l -> assertThat(l).startsWith("HOST"))
                    .anySatisfy(l -> assertThat(l).contains("localhost:" + server.getPort(), "gpt-4o-mini", " " + (CALLS + 1) + " ",
                            received + "/" + DAILY_LIMIT));

            VirtualMachine vm = VirtualMachine.attach(String.valueOf(child.pid()));
            String address;
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            try (JMXConnector jmx = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                MBeanServerConnection mbeans = jmx.getMBeanServerConnection();
                ObjectName guard = new ObjectName("dev.llmguard:type=Guard");
                assertThat(mbeans.getAttribute(guard, "RequestsSent")).isEqualTo((long) received);
                assertThat(mbeans.getAttribute(guard, "RateLimited")).isEqualTo(1L);
                assertThat(mbeans.getAttribute(guard, "Quotas")).isEqualTo(1);
                assertThat(mbeans.queryNames(new ObjectName("dev.llmguard:type=Quota,*"), null)).hasSize(1);
            }

            child.send("EXIT");
            RunResult result = child.finish();
            List<String> budget = result.agentLines().stream().filter(l -> l.contains("budget:")).collect(Collectors.toList());
            // 70 % of 20 is the 14th request, 90 % the 18th (the retried 429 counts: it reached the server)
            assertThat(budget).hasSize(2);
            assertThat(budget.get(0)).contains("WARN", "has used 14 requests today, 70% of its 20 requests/day limit");
            assertThat(budget.get(1)).contains("WARN", "has used 18 requests today, 90% of its 20 requests/day limit");
        }
    }

    @Test
    void aJvmWithoutTheAgentAndADeadPidEachGetOneClearSentence() throws Exception {
        String[] self = status(ProcessHandle.current().pid());
        assertThat(self[0]).isEqualTo("1");
        assertThat(self[1].trim()).contains("does not run llm-guard").doesNotContain("Exception");
        assertThat(self[1].trim().lines()).hasSize(1);

        Process gone = new ProcessBuilder(Jdk.current().javaExecutable(), "-version").start();
        gone.waitFor();
        String[] dead = status(gone.pid());
        assertThat(dead[0]).isEqualTo("1");
        assertThat(dead[1].trim()).isEqualTo("llm-guard: no process with pid " + gone.pid() + " is running");
    }
}
