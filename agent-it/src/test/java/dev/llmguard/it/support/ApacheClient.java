package dev.llmguard.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** One Apache HttpClient version (classic or async) with what it needs at run time, copied by the build into target/libs/apache-*. */
public enum ApacheClient {
    /** The newest 5.x. */
    HC5("apache-hc5", "hc5"),
    /** The oldest supported 5.x: the API the adapter is compiled against. */
    HC5_OLDEST("apache-hc5-oldest", "hc5"),
    HC4("apache-hc4", "hc4"),
    /** The newest 5.x's async client. */
    HC5_ASYNC("apache-hc5", "hc5async"),
    /** The oldest supported 5.x's async client. */
    HC5_ASYNC_OLDEST("apache-hc5-oldest", "hc5async");

    private final String dir;
    /** The major, as {@code ApacheHttpApp}'s {@code version=} argument. */
    public final String major;

    ApacheClient(String dir, String major) {
        this.dir = dir;
        this.major = major;
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
            throw new UncheckedIOException("Apache HttpClient jars missing in " + libs + " (run mvn verify)", e);
        }
    }

    /** Each of {@code clients} on every JDK under test, for {@code @MethodSource}. */
    public static List<Object[]> onEveryJdk(ApacheClient... clients) {
        List<Object[]> out = new ArrayList<>();
        for (Jdk jdk : Jdk.all()) {
            for (ApacheClient c : clients) {
                out.add(new Object[] {c, jdk});
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return dir.substring("apache-".length()) + (major.endsWith("async") ? "-async" : "");
    }
}
