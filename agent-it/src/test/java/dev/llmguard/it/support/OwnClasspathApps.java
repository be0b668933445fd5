package dev.llmguard.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Child JVMs for the applications under {@code agent-it/frameworks/}: each built against a framework whose
 * dependencies must not meet the rest of the tests' class path (Spring AI 2.0 on Spring 7, google-genai),
 * run with exactly the class path its own module resolved.
 */
public final class OwnClasspathApps {
    private OwnClasspathApps() {
    }

    /** The app {@code mainClass} of module {@code frameworks/<module>}, on the current JDK, with the canaries as key and prompt. */
    public static ChildJvm app(String module, String mainClass, String baseUrl, String... args) {
        Path target = Paths.get("frameworks", module, "target").toAbsolutePath();
        Path classpathFile = target.resolve("app.classpath");
        if (!Files.isRegularFile(classpathFile)) {
            throw new IllegalStateException("frameworks/" + module + " not built: " + classpathFile + " missing (run mvn verify from the root)");
        }
        ChildJvm jvm = ChildJvm.on(Jdk.current()).classpath(target.resolve("classes").toString());
        try {
            String resolved = new String(Files.readAllBytes(classpathFile), StandardCharsets.UTF_8).trim();
            if (!resolved.isEmpty()) {
                jvm.classpath(resolved);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return FrameworkApps.withCanaries(jvm, mainClass, baseUrl, args);
    }
}
