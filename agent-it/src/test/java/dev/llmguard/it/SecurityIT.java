package dev.llmguard.it;

import static dev.llmguard.it.support.OpenAiResponses.ok;
import static dev.llmguard.it.support.OpenAiResponses.rateLimited;
import static dev.llmguard.it.support.OpenAiResponses.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.apps.ChatCallsApp;
import dev.llmguard.it.apps.FootprintApp;
import dev.llmguard.it.support.Canaries;
import dev.llmguard.it.support.ChildJvm;
import dev.llmguard.it.support.Jdk;
import dev.llmguard.it.support.LocalServer;
import dev.llmguard.it.support.OkHttpVersion;
import dev.llmguard.it.support.Outcomes;
import dev.llmguard.it.support.RunResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the agent may never do: print a secret at any log level, open a port, write a file. */
class SecurityIT {
    @RegisterExtension
    final LocalServer server = new LocalServer();
    @TempDir
    Path tmp;

    /** Every kind of event the agent reports, with the canaries in the request, the URL and the error bodies. */
    @ParameterizedTest(name = "body={0}")
    @ValueSource(strings = {"json", "oneshot"})
    void debugLoggingOfEveryEventNeverShowsTheKeyThePromptOrTheResponse(String body) throws Exception {
        String echo = "{\"error\":{\"message\":\"Invalid content '" + Canaries.PROMPT + "' for key " + Canaries.API_KEY
                + ": " + Canaries.RESPONSE + "\",\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":null}}";
        server.dispatcher().then(rateLimited().setHeader("retry-after-ms", "20"))
                .then(status(503).setBody(echo))
                .then(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST))
                .then(ok())
                .then(new MockResponse().setResponseCode(429).setHeader("content-type", "application/json")
                        .setBody("{\"error\":{\"message\":\"You exceeded your current quota: " + Canaries.PROMPT
                                + "\",\"type\":\"insufficient_quota\",\"param\":null,\"code\":\"insufficient_quota\"}}"))
                .then(status(400).setBody(echo))
                .then(status(503).setBody(echo));

        RunResult result = Outcomes.assertHealthy(ChildJvm.on(Jdk.current()).okHttp(OkHttpVersion.OKHTTP_4)
                .agentArgs("log.level=debug,retry.base-delay=10ms,retry.max-attempts=4")
                .main(ChatCallsApp.class.getName(), "url=" + server.url("/v1/chat/completions?key=" + Canaries.API_KEY),
                        "apiKey=" + Canaries.API_KEY, "prompt=" + Canaries.PROMPT, "calls=4", "body=" + body)
                .run());

        assertThat(result.agentLines()).as("debug lines were printed").anySatisfy(l -> assertThat(l).contains("DEBUG llm-guard"));
        assertThat(result.agentLines()).as("and the events").anySatisfy(l -> assertThat(l).contains("WARN").contains("429"));
        assertThat(result.stderr).doesNotContain("key=").doesNotContain("Bearer");
    }

    @Test
    void opensNoPortAndWritesNoFileBeyondWhatTheSameAppDoesWithoutIt() throws Exception {
        Footprint without = footprint("without", false);
        Footprint with = footprint("with", true);

        assertThat(with.listening).as("listening TCP sockets").isEqualTo("LISTENING 0");
        assertThat(with.udp).as("bound UDP sockets").isEqualTo(without.udp);
        assertThat(with.writtenFiles).as("files created in the working and temp directories").isEmpty();
        assertThat(without.writtenFiles).isEmpty();
        Set<String> extra = new TreeSet<>(with.openFiles);
        extra.removeAll(without.openFiles);
        extra.removeIf(f -> f.matches(".*/child-(out|err)\\d+\\.txt")); // where the harness collects stdout and stderr
        assertThat(extra).as("files the agent holds open: its own jar only").containsOnly(ChildJvm.agentJar().toRealPath().toString());
    }

    private Footprint footprint(String name, boolean agent) throws Exception {
        Path work = Files.createDirectories(tmp.resolve(name + "-work"));
        Path temp = Files.createDirectories(tmp.resolve(name + "-tmp"));
        server.newDispatcher();
        server.dispatcher().then(rateLimited().setHeader("retry-after-ms", "20")).then(ok()).then(ok());
        ChildJvm jvm = ChildJvm.on(Jdk.current()).okHttp(OkHttpVersion.OKHTTP_4).workingDir(work)
                .property("java.io.tmpdir", temp.toString())
                .main(FootprintApp.class.getName(), server.url("/v1/chat/completions").toString(), Canaries.API_KEY, Canaries.PROMPT, "2");
        if (!agent) {
            jvm.withoutAgent();
        }
        RunResult result = Outcomes.assertHealthy(jvm.run());
        assertThat(result.lines("CALL ")).containsExactly("CALL 0 status=" + (agent ? 200 : 429), "CALL 1 status=200");
        Footprint f = new Footprint();
        f.listening = Outcomes.line(result, "LISTENING ");
        f.udp = Outcomes.line(result, "UDP ");
        f.openFiles = result.lines("OPEN ").stream().map(l -> l.substring(5)).collect(Collectors.toCollection(TreeSet::new));
        try (Stream<Path> files = Stream.concat(Files.walk(work), Files.walk(temp))) {
            f.writtenFiles = files.filter(p -> !p.equals(work) && !p.equals(temp)).map(Path::toString).collect(Collectors.toList());
        }
        return f;
    }

    static final class Footprint {
        String listening;
        String udp;
        Set<String> openFiles;
        List<String> writtenFiles;
    }
}
