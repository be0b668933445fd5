package dev.llmguard.it;

import static dev.llmguard.it.support.OpenAiResponses.ok;
import static dev.llmguard.it.support.OpenAiResponses.rateLimited;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.apps.ChatCallsApp;
import dev.llmguard.it.support.Canaries;
import dev.llmguard.it.support.ChildJvm;
import dev.llmguard.it.support.Jdk;
import dev.llmguard.it.support.LocalServer;
import dev.llmguard.it.support.OkHttpVersion;
import dev.llmguard.it.support.Outcomes;
import dev.llmguard.it.support.RunResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** However the agent is given and whatever breaks while it starts, the application starts and runs. */
class AgentStartupIT {
    @RegisterExtension
    final LocalServer server = new LocalServer();
    @TempDir
    Path tmp;

    private ChildJvm app(Jdk jdk) {
        return ChildJvm.on(jdk).okHttp(OkHttpVersion.OKHTTP_4).main(ChatCallsApp.class.getName(),
                "url=" + server.url("/v1/chat/completions"), "apiKey=" + Canaries.API_KEY, "prompt=" + Canaries.PROMPT);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.llmguard.it.support.Jdk#all")
    void javaagentGivenTwiceInstallsTheGuardOnceWithTheFirstSettings(Jdk jdk) throws Exception {
        server.dispatcher().then(rateLimited().setHeader("retry-after-ms", "20")).then(rateLimited().setHeader("retry-after-ms", "20"))
                .then(rateLimited().setHeader("retry-after-ms", "20")).then(ok());

        RunResult result = Outcomes.assertHealthy(app(jdk)
                .jvmArg("-javaagent:" + ChildJvm.agentJar() + "=retry.max-attempts=2").run());

        assertThat(result.agentLines()).filteredOn(l -> l.contains(" active")).as(result.all()).hasSize(1);
        assertThat(Outcomes.line(result, "INTERCEPTORS ").split("GuardInterceptor", -1)).as("one guard").hasSize(2);
        assertThat(Outcomes.line(result, "CALL 0 ")).contains("status=200");
        assertThat(server.dispatcher().count()).as("the first -javaagent's settings (5 attempts) apply").isEqualTo(4);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.llmguard.it.support.Jdk#all")
    void javaToolOptionsAloneAttachesTheGuardWithNoChangeToTheLaunchCommand(Jdk jdk) throws Exception {
        server.dispatcher().then(rateLimited().setHeader("retry-after-ms", "20")).then(ok());

        RunResult result = Outcomes.assertHealthy(app(jdk).withoutAgent()
                .env("JAVA_TOOL_OPTIONS", "-javaagent:" + ChildJvm.agentJar() + " -Dllmguard.log.format=json").run());

        assertThat(result.stderr).contains("Picked up JAVA_TOOL_OPTIONS");
        assertThat(Outcomes.line(result, "CALL 0 ")).contains("status=200");
        assertThat(server.dispatcher().count()).isEqualTo(2);
        List<String> json = result.stderr.lines().filter(l -> l.startsWith("{")).collect(Collectors.toList());
        assertThat(json).as(result.stderr).anySatisfy(l -> assertThat(l).contains("\"event\":\"rate_limited\"", "\"attempt\":1"));
        for (String line : json) {
            assertThat(JsonLines.parses(line)).as(line).isTrue();
        }
        assertThat(result.stderr.lines().filter(l -> l.contains("llm-guard") && !l.startsWith("{") && !l.startsWith("Picked up JAVA_TOOL_OPTIONS")))
                .as("in the JSON format every line of the agent is JSON").isEmpty();
    }

    @ParameterizedTest(name = "jar without {0}")
    @ValueSource(strings = {"dev/llmguard/agent/AgentStarter.class", "dev/llmguard/shaded/bytebuddy/asm/Advice.class"})
    void aBrokenJarLeavesTheApplicationRunningUnguarded(String missingEntry) throws Exception {
        Path broken = tmp.resolve("llm-guard-broken.jar");
        copyJarWithout(ChildJvm.agentJar(), broken, missingEntry);
        server.dispatcher().then(rateLimited().setHeader("retry-after-ms", "20")).then(ok());

        RunResult result = app(Jdk.current()).withoutAgent()
                .jvmArg("-javaagent:" + broken).property("llmguard.strict", "true").run();

        assertThat(result.timedOut).as(result.all()).isFalse();
        assertThat(result.exitCode).as(result.all()).isZero();
        Canaries.assertNoneIn(result);
        assertThat(Outcomes.line(result, "CALL 0 ")).as("unguarded: the 429 reaches the app").contains("status=429");
        assertThat(server.dispatcher().count()).isEqualTo(1);
        assertThat(result.stderr).as("the failure is reported").containsAnyOf("failed to start", "internal error");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"missing", "binary", "directory"})
    void anUnreadableConfigFileIsReportedAndTheGuardRunsOnDefaults(String kind) throws Exception {
        Path file = tmp.resolve("llm-guard.properties");
        if (kind.equals("binary")) {
            Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, '=', (byte) 0xc3, 0x28, '\n'});
        } else if (kind.equals("directory")) {
            Files.createDirectory(file);
        }
        server.dispatcher().then(rateLimited().setHeader("retry-after-ms", "20")).then(ok());

        RunResult result = Outcomes.assertHealthy(app(Jdk.current()).property("llmguard.config-file", file.toString()).run());

        assertThat(result.agentLines()).as(result.all()).anySatisfy(l -> assertThat(l).contains("WARN").contains("config file").contains(file.toString()));
        assertThat(Outcomes.line(result, "CALL 0 ")).contains("status=200");
        assertThat(server.dispatcher().count()).isEqualTo(2);
    }

    private static void copyJarWithout(Path source, Path target, String missingEntry) throws IOException {
        try (JarFile in = new JarFile(source.toFile());
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(target), in.getManifest())) {
            for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (entry.getName().equals(missingEntry) || entry.getName().equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                out.putNextEntry(new JarEntry(entry.getName()));
                try (InputStream data = in.getInputStream(entry)) {
                    data.transferTo((OutputStream) out);
                }
                out.closeEntry();
            }
        }
    }
}
