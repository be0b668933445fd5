package dev.llmguard.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** Child JVMs for the apps on LLM frameworks (LangChain4j, Spring AI): their jars, slf4j, the canaries as key and prompt. */
public final class FrameworkApps {
    private FrameworkApps() {
    }

    public static ChildJvm app(Class<?> main, String baseUrl, String... args) {
        ChildJvm jvm = ChildJvm.on(Jdk.current()).classpath(ChildJvm.testClasses());
        Sdk.latestClasspath().forEach(jvm::classpath);
        jvm.classpath(slf4jApi()); // the frameworks log through slf4j (no binding: their lines go nowhere)
        return withCanaries(jvm, main.getName(), baseUrl, args);
    }

    /** Runs {@code mainClass} with the base URL, the canaries as key and prompt, then {@code args}. */
    static ChildJvm withCanaries(ChildJvm jvm, String mainClass, String baseUrl, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList("url=" + baseUrl, "apiKey=" + Canaries.API_KEY, "prompt=" + Canaries.PROMPT));
        all.addAll(Arrays.asList(args));
        return jvm.main(mainClass, all.toArray(new String[0]));
    }

    /** slf4j-api, which the frameworks need and the test class path holds only in test scope. */
    public static String slf4jApi() {
        try (Stream<Path> jars = Files.list(Paths.get("target", "libs", "host-common"))) {
            return jars.filter(p -> p.getFileName().toString().startsWith("slf4j-api-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("slf4j-api missing in target/libs/host-common (run mvn verify)"))
                    .toAbsolutePath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
