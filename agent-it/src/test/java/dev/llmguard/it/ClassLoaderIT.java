package dev.llmguard.it;

import static dev.llmguard.it.support.OpenAiResponses.ok;
import static dev.llmguard.it.support.OpenAiResponses.rateLimited;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.apps.ClassLoadersApp;
import dev.llmguard.it.support.Canaries;
import dev.llmguard.it.support.ChildJvm;
import dev.llmguard.it.support.Jdk;
import dev.llmguard.it.support.LocalServer;
import dev.llmguard.it.support.OkHttpVersion;
import dev.llmguard.it.support.Outcomes;
import dev.llmguard.it.support.RunResult;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** OkHttp loaded by class loaders other than the system one, several copies in one JVM, and loaders that go away. */
class ClassLoaderIT {
    @RegisterExtension
    final LocalServer server = new LocalServer();

    private RunResult run(Jdk jdk, String mode, String... jarSets) throws Exception {
        List<String> args = new ArrayList<>(List.of(mode, server.url("/v1/chat/completions").toString(), Canaries.API_KEY, Canaries.PROMPT));
        args.addAll(List.of(jarSets));
        return Outcomes.assertHealthy(ChildJvm.on(jdk).okHttp(OkHttpVersion.OKHTTP_4)
                .main(ClassLoadersApp.class.getName(), args.toArray(new String[0])).run());
    }

    /** The jars of one OkHttp major plus the test classes, for a loader of their own. */
    private static String jarSet(String name, OkHttpVersion v) {
        List<String> entries = new ArrayList<>(v.jars());
        entries.add(ChildJvm.testClasses());
        return name + "=" + String.join(File.pathSeparator, entries);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.llmguard.it.support.Jdk#all")
    void guardsThreeOkHttpMajorsInTheSystemAndTwoChildFirstLoadersEachWithItsOwnAdapter(Jdk jdk) throws Exception {
        for (int i = 0; i < 3; i++) {
            server.dispatcher().then(rateLimited().setHeader("retry-after-ms", "20")).then(ok());
        }

        RunResult result = run(jdk, "isolated", jarSet("okhttp3", OkHttpVersion.OKHTTP_3), jarSet("okhttp5", OkHttpVersion.OKHTTP_5));

        List<String> adapterLoaders = new ArrayList<>();
        String[][] expected = {{"system", "okhttp-4.12.0.jar"}, {"okhttp3", "okhttp-3.14.9.jar"}, {"okhttp5", "okhttp-jvm-5.5.1.jar"}};
        for (String[] e : expected) {
            String line = Outcomes.line(result, "LOADER " + e[0] + " ");
            assertThat(line).as(line).contains("status=200").contains("okhttp=" + e[1])
                    .contains("first=dev.llmguard.okhttp.adapter.GuardInterceptor").contains("adapterParentIsOkHttpLoader=true");
            adapterLoaders.add(field(line, "adapterLoader"));
        }
        assertThat(adapterLoaders).as("one adapter per copy of OkHttp").doesNotHaveDuplicates();
        assertThat(server.dispatcher().count()).as("each call retried its 429 once").isEqualTo(6);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.llmguard.it.support.Jdk#all")
    void leavesOkHttpAloneWithOneWarningWhereItsLoaderCannotSeeTheAgent(Jdk jdk) throws Exception {
        server.dispatcher().then(rateLimited().setHeader("retry-after-ms", "20")).then(ok());

        RunResult result = run(jdk, "no-delegation", jarSet("bootstrap-parent", OkHttpVersion.OKHTTP_4));

        assertThat(Outcomes.line(result, "LOADER bootstrap-parent ")).contains("status=429").contains("interceptors=0");
        assertThat(server.dispatcher().count()).isEqualTo(1);
        assertThat(result.agentLines()).filteredOn(l -> l.contains("cannot see the agent")).as(result.all()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.llmguard.it.support.Jdk#all")
    void aDroppedClassLoaderThatUsedTheGuardIsGarbageCollected(Jdk jdk) throws Exception {
        RunResult result = run(jdk, "dropped", jarSet("okhttp4", OkHttpVersion.OKHTTP_4));

        assertThat(result.lines("LOADER dropped ")).as(result.all()).hasSize(3).allSatisfy(line -> assertThat(line)
                .contains("status=200").contains("attempts=2").contains("first=dev.llmguard.okhttp.adapter.GuardInterceptor"));
        assertThat(Outcomes.line(result, "COLLECTED ")).startsWith("COLLECTED 3 of 3");
    }

    private static String field(String line, String name) {
        Matcher m = Pattern.compile(name + "=(\\S+)").matcher(line);
        assertThat(m.find()).as(name + " in " + line).isTrue();
        return m.group(1);
    }
}
