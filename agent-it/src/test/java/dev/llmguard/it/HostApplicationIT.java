package dev.llmguard.it;

import static dev.llmguard.it.support.OpenAiResponses.ok;
import static dev.llmguard.it.support.OpenAiResponses.rateLimited;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.apps.HostLibrariesApp;
import dev.llmguard.it.apps.SpringBootSdkApp;
import dev.llmguard.it.support.Canaries;
import dev.llmguard.it.support.ChildJvm;
import dev.llmguard.it.support.Jdk;
import dev.llmguard.it.support.LocalServer;
import dev.llmguard.it.support.OkHttpVersion;
import dev.llmguard.it.support.Outcomes;
import dev.llmguard.it.support.RunResult;
import dev.llmguard.it.support.SpringBootJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockResponse;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Applications packaged and equipped the way real services are: a Spring Boot executable jar with
 * nested jars, and an application with its own Byte Buddy, slf4j binding and jackson.
 */
class HostApplicationIT {
    @RegisterExtension
    final LocalServer server = new LocalServer();
    @TempDir
    Path tmp;

    static Stream<Arguments> bindings() {
        List<Arguments> out = new ArrayList<>();
        for (Jdk jdk : Jdk.all()) {
            out.add(Arguments.of("logback", jdk));
            out.add(Arguments.of("slf4j-simple", jdk));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.llmguard.it.support.Jdk#all")
    void guardsTheOpenAiSdkInsideASpringBootExecutableJar(Jdk jdk) throws Exception {
        Path jar = SpringBootJar.write(tmp.resolve("boot-app.jar"), SpringBootSdkApp.class, "openai-sdk");
        server.dispatcher().then(rateLimited().setHeader("retry-after-ms", "50")).then(new MockResponse().setResponseCode(200)
                .setHeader("content-type", "application/json")
                .setBody("{\"id\":\"chatcmpl-boot\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"gpt-4o-mini\","
                        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + Canaries.RESPONSE
                        + "\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3,\"total_tokens\":8}}"));

        RunResult result = Outcomes.assertHealthy(ChildJvm.on(jdk).jvmArg("-jar").jvmArg(jar.toString())
                .main("", server.url("/v1").toString(), Canaries.API_KEY, Canaries.PROMPT).run());

        assertThat(Outcomes.line(result, "OKHTTP_LOADER ")).contains("org.springframework.boot.loader");
        assertThat(Outcomes.line(result, "CALL ")).isEqualTo("CALL status=200 id=chatcmpl-boot");
        assertThat(server.dispatcher().count()).as("the guard retried the 429 inside the SDK's first attempt").isEqualTo(2);
        assertThat(server.dispatcher().arrivals().get(1).body).isEqualTo(server.dispatcher().arrivals().get(0).body);
        assertThat(result.agentLines()).anySatisfy(l -> assertThat(l).contains("rate limited (429"));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("bindings")
    void shipsAlongsideTheHostsOwnByteBuddySlf4jAndJacksonWithoutTouchingItsLogging(String binding, Jdk jdk) throws Exception {
        server.dispatcher().then(rateLimited().setHeader("retry-after-ms", "50")).then(ok());
        ChildJvm jvm = ChildJvm.on(jdk).okHttp(OkHttpVersion.OKHTTP_4);
        for (String lib : libs("host-common")) {
            jvm.classpath(lib);
        }
        String appLinePrefix;
        if (binding.equals("logback")) {
            libs("host-logback").forEach(jvm::classpath);
            jvm.property("logback.configurationFile", Paths.get(ChildJvm.testClasses(), "host-logback.xml").toString());
            appLinePrefix = "HOSTLOG INFO  host-app - ";
        } else {
            libs("host-slf4j-simple").forEach(jvm::classpath);
            // the host's slf4j-simple, set up unlike the agent's copy: stdout, no date, no thread, level in brackets
            jvm.property("org.slf4j.simpleLogger.logFile", "System.out").property("org.slf4j.simpleLogger.showDateTime", "false")
                    .property("org.slf4j.simpleLogger.showThreadName", "false").property("org.slf4j.simpleLogger.levelInBrackets", "true")
                    .property("org.slf4j.simpleLogger.defaultLogLevel", "info");
            appLinePrefix = "[INFO] host-app - ";
        }
        jvm.property("net.bytebuddy.experimental", "true"); // the host's older Byte Buddy predates Java 25 class files

        RunResult result = Outcomes.assertHealthy(jvm.main(HostLibrariesApp.class.getName(),
                server.url("/v1/chat/completions").toString(), Canaries.API_KEY, Canaries.PROMPT).run());

        assertThat(Outcomes.line(result, "BINDING ")).isEqualTo("BINDING " + (binding.equals("logback")
                ? "ch.qos.logback.classic.LoggerContext" : "org.slf4j.simple.SimpleLoggerFactory"));
        assertThat(result.lines(appLinePrefix)).as("the host's log lines keep its format and level\n" + result.all())
                .containsExactly(appLinePrefix + "APP starting", appLinePrefix + "APP call status=200 id=chatcmpl-1");
        assertThat(result.stdout).doesNotContain("APP debug line").doesNotContain("llm-guard");
        assertThat(Outcomes.line(result, "BYTEBUDDY ")).isEqualTo("BYTEBUDDY byte-buddy-1.14.18.jar made by the host's Byte Buddy");
        assertThat(Outcomes.line(result, "JACKSON ")).isEqualTo("JACKSON jackson-databind-2.17.2.jar");
        assertThat(result.stderr).as("no slf4j complaint about providers").doesNotContain("SLF4J");
        assertThat(result.agentLines()).as("the agent's own lines still come, in its own format, on stderr")
                .anySatisfy(l -> assertThat(l).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z \\[main\\] WARN llm-guard - rate limited \\(429.*"));
        assertThat(server.dispatcher().count()).isEqualTo(2);
    }

    private static List<String> libs(String folder) throws IOException {
        try (Stream<Path> files = Files.list(Paths.get(System.getProperty("llmguard.it.libs", "target/libs"), folder))) {
            return files.filter(p -> p.toString().endsWith(".jar")).map(p -> p.toAbsolutePath().toString()).sorted().collect(Collectors.toList());
        }
    }
}
