package dev.llmguard.it.support;

import dev.llmguard.it.apps.AnthropicSdkApp;
import dev.llmguard.it.apps.OpenAiSdkApp;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An official LLM SDK version the child JVMs run, with the app that calls it. The latest SDKs come
 * from the class path the build writes to target/libs/sdk-latest.classpath; the older openai-java
 * major from target/libs/openai-old, with the same dependencies.
 */
public enum Sdk {
    OPENAI_LATEST("openai-java", "llmguard.it.openaiVersion", Provider.OPENAI),
    OPENAI_OLD("openai-java", "llmguard.it.openaiOldVersion", Provider.OPENAI),
    ANTHROPIC("anthropic-java", "llmguard.it.anthropicVersion", Provider.ANTHROPIC);

    private final String artifact;
    private final String versionProperty;
    private final Provider provider;

    Sdk(String artifact, String versionProperty, Provider provider) {
        this.artifact = artifact;
        this.versionProperty = versionProperty;
        this.provider = provider;
    }

    public Provider provider() {
        return provider;
    }

    /** A child JVM running this SDK's app against {@code server}; the app's arguments follow the defaults. */
    public ChildJvm app(Jdk jdk, RecordingServer server, String... args) {
        return app(jdk, provider == Provider.OPENAI ? server.url("/v1").toString() : server.url("/").toString(), args);
    }

    public ChildJvm app(Jdk jdk, String baseUrl, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList("baseUrl=" + baseUrl, "apiKey=" + Canaries.API_KEY, "prompt=" + Canaries.PROMPT));
        all.addAll(Arrays.asList(args));
        ChildJvm jvm = ChildJvm.on(jdk).classpath(ChildJvm.testClasses());
        for (String entry : classpath()) {
            jvm.classpath(entry);
        }
        String main = provider == Provider.OPENAI ? OpenAiSdkApp.class.getName() : AnthropicSdkApp.class.getName();
        return jvm.main(main, all.toArray(new String[0]));
    }

    /** The class path of the latest SDKs and the frameworks the tests run (LangChain4j), as the build wrote it. */
    public static List<String> latestClasspath() {
        return OPENAI_LATEST.classpath();
    }

    List<String> classpath() {
        Path libs = Paths.get(System.getProperty("llmguard.it.libs", "target/libs"));
        List<String> latest;
        try {
            String text = new String(Files.readAllBytes(libs.resolve("sdk-latest.classpath")), StandardCharsets.UTF_8).trim();
            latest = Arrays.asList(text.split(File.pathSeparator));
        } catch (IOException e) {
            throw new UncheckedIOException("SDK class path missing in " + libs + " (run mvn verify)", e);
        }
        if (this != OPENAI_OLD) {
            return latest;
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(libs.resolve("openai-old"))) {
            out.addAll(files.map(p -> p.toAbsolutePath().toString()).sorted().collect(Collectors.toList()));
        } catch (IOException e) {
            throw new UncheckedIOException("old openai-java missing in " + libs + " (run mvn verify)", e);
        }
        latest.stream().filter(p -> !p.replace('\\', '/').contains("/com/openai/")).forEach(out::add);
        return out;
    }

    @Override
    public String toString() {
        return artifact + " " + System.getProperty(versionProperty, name());
    }
}
