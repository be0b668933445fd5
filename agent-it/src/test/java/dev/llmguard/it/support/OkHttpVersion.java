package dev.llmguard.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** One OkHttp major with its okio and kotlin jars, copied by the build into target/libs/okhttp-N. */
public enum OkHttpVersion {
    OKHTTP_3("okhttp-3"), OKHTTP_4("okhttp-4"), OKHTTP_5("okhttp-5");

    private final String dir;

    OkHttpVersion(String dir) {
        this.dir = dir;
    }

    public List<String> jars() {
        Path libs = Paths.get(System.getProperty("llmguard.it.libs", "target/libs"), dir);
        try (Stream<Path> files = Files.list(libs)) {
            List<String> jars = files.filter(p -> p.toString().endsWith(".jar"))
                    .map(p -> p.toAbsolutePath().toString()).sorted().collect(Collectors.toList());
            if (jars.isEmpty()) {
                throw new IllegalStateException("no jars in " + libs);
            }
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException("OkHttp jars missing in " + libs + " (run mvn verify)", e);
        }
    }

    @Override
    public String toString() {
        return dir;
    }
}
