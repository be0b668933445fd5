package dev.llmguard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * README.md's configuration table must equal {@link ConfigKeys#markdownTable()}. To regenerate it:
 * {@code mvn -pl agent test -Dtest=ReadmeConfigTableTest -DupdateReadme=true}.
 */
class ReadmeConfigTableTest {

    static final String START = "<!-- config-table:start -->";
    static final String END = "<!-- config-table:end -->";

    @Test
    void readmeConfigTableMatchesTheKeys() throws IOException {
        Path readme = findReadme();
        String text = new String(Files.readAllBytes(readme), StandardCharsets.UTF_8);
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        assertThat(start).as("marker " + START + " in " + readme).isGreaterThanOrEqualTo(0);
        assertThat(end).as("marker " + END + " after " + START + " in " + readme).isGreaterThan(start);

        String expected = "\n" + ConfigKeys.markdownTable();
        String actual = text.substring(start + START.length(), end).replace("\r\n", "\n");
        if (!actual.equals(expected) && Boolean.getBoolean("updateReadme")) {
            String updated = text.substring(0, start + START.length()) + expected + text.substring(end);
            Files.write(readme, updated.getBytes(StandardCharsets.UTF_8));
            return;
        }
        assertThat(actual)
                .as("The configuration table in " + readme + " differs from ConfigKeys.markdownTable(). Regenerate it"
                        + " with: mvn -pl agent test -Dtest=ReadmeConfigTableTest -DupdateReadme=true")
                .isEqualTo(expected);
    }

    /** Walks up from the working directory (surefire runs in agent/) to the README with the markers. */
    private static Path findReadme() throws IOException {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("README.md");
            if (Files.isRegularFile(candidate)
                    && new String(Files.readAllBytes(candidate), StandardCharsets.UTF_8).contains(START)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new AssertionError("no README.md containing " + START + " above " + Paths.get("").toAbsolutePath());
    }
}
