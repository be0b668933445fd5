package dev.llmguard.it.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * A JDK to run child JVMs on: the one running the tests, plus each of {@code llmguard.it.extraJdks}
 * (comma-separated homes; JDK 25 in CI). Under CI=true a listed JDK that is missing fails the run,
 * so the second JDK can never be skipped silently.
 */
public final class Jdk {
    private final String home;
    private final String name;

    private Jdk(String home, String name) {
        this.home = home;
        this.name = name;
    }

    public static List<Jdk> all() {
        List<Jdk> jdks = new ArrayList<>();
        jdks.add(new Jdk(System.getProperty("java.home"), "jdk" + Runtime.version().feature()));
        String extra = System.getProperty("llmguard.it.extraJdks", "");
        for (String h : extra.split(",")) {
            String home = h.trim();
            if (home.isEmpty()) {
                continue;
            }
            Path java = Paths.get(home, "bin", "java");
            if (Files.isExecutable(java)) {
                jdks.add(new Jdk(home, Paths.get(home).getFileName().toString()));
            } else if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("JDK listed in llmguard.it.extraJdks is missing: " + home);
            }
        }
        return jdks;
    }

    public static Jdk current() {
        return all().get(0);
    }

    public String javaExecutable() {
        return home + File.separator + "bin" + File.separator + "java";
    }

    @Override
    public String toString() {
        return name;
    }
}
