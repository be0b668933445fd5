package dev.llmguard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigKeysTest {

    @Test
    void everyKeyIsLlmguardPrefixedKebabCaseDottedSegments() {
        for (ConfigKey<?> k : ConfigKeys.all()) {
            assertThat(k.name()).as(k.name()).matches("llmguard(\\.[a-z][a-z0-9]*(-[a-z0-9]+)*)+");
        }
    }

    @Test
    void namesAndEnvironmentNamesAreUnique() {
        Set<String> names = new HashSet<>();
        Set<String> envNames = new HashSet<>();
        for (ConfigKey<?> k : ConfigKeys.all()) {
            assertThat(names.add(k.name())).as("duplicate " + k.name()).isTrue();
            assertThat(envNames.add(k.envName())).as("duplicate " + k.envName()).isTrue();
        }
    }

    @Test
    void everyKeyHasADescriptionAndExpectedFormAndItsDefaultParsesBack() throws Exception {
        for (ConfigKey<?> k : ConfigKeys.all()) {
            assertThat(k.description()).as(k.name()).isNotEmpty().endsWith(".");
            assertThat(k.expectedForm()).as(k.name()).isNotEmpty();
            assertDefaultRoundTrips(k);
        }
    }

    private static <T> void assertDefaultRoundTrips(ConfigKey<T> k) throws Exception {
        T def = k.valueIn(GuardConfig.defaults());
        if (def == null || "(none)".equals(k.defaultText())) {
            return;
        }
        assertThat(k.parse(k.defaultText())).as(k.name()).isEqualTo(def);
    }

    @Test
    void defaultsAreReadFromGuardConfigDefaults() {
        assertThat(ConfigKeys.ENABLED.defaultText()).isEqualTo("true");
        assertThat(ConfigKeys.LOG_LEVEL.defaultText()).isEqualTo("info");
        assertThat(ConfigKeys.RETRY_MAX_ATTEMPTS.defaultText()).isEqualTo("5");
        assertThat(ConfigKeys.RETRY_BASE_DELAY.defaultText()).isEqualTo("500ms");
        assertThat(ConfigKeys.RETRY_MAX_DELAY.defaultText()).isEqualTo("30s");
        assertThat(ConfigKeys.RETRY_MAX_SERVER_WAIT.defaultText()).isEqualTo("1m");
        assertThat(ConfigKeys.CAPTURE_MAX_BODY_BYTES.defaultText()).isEqualTo("1mb");
        assertThat(ConfigKeys.SCOPE_EXTRA_HOSTS.defaultText()).isEqualTo("(none)");
        assertThat(ConfigKeys.CONFIG_FILE.defaultText()).isEqualTo("(none)");
        assertThat(ConfigKeys.SCOPE_HOSTS.defaultText()).startsWith("api.openai.com, *.openai.azure.com, ");
    }

    @Test
    void byNameFindsKeysByFullName() {
        assertThat(ConfigKeys.byName("llmguard.retry.max-attempts")).isSameAs(ConfigKeys.RETRY_MAX_ATTEMPTS);
        assertThat(ConfigKeys.byName("retry.max-attempts")).isNull();
    }

    @Test
    void usageTextExplainsAttachingPrecedenceAndEveryKey() {
        String usage = ConfigKeys.usageText();
        assertThat(usage).contains("-javaagent:/path/llm-guard.jar[=key=value,...]")
                .contains("agent arguments").contains("system properties").contains("LLMGUARD_")
                .contains("llmguard.config-file");
        assertThat(usage.indexOf("agent arguments")).isLessThan(usage.indexOf("system properties"));
        for (ConfigKey<?> k : ConfigKeys.all()) {
            assertThat(usage).contains("  " + k.name() + "  (" + k.envName() + ")");
        }
        assertThat(usage).contains("Default: 500ms");
        for (String line : usage.split("\n")) {
            assertThat(line.length()).as(line).isLessThanOrEqualTo(110);
        }
    }

    @Test
    void markdownTableHasOneRowPerKey() {
        String table = ConfigKeys.markdownTable();
        String[] lines = table.split("\n");
        assertThat(lines[0]).isEqualTo("| Key | Env variable | Default | Meaning |");
        assertThat(lines).hasSize(ConfigKeys.all().size() + 2);
        assertThat(table).contains("| `llmguard.retry.max-attempts` | `LLMGUARD_RETRY_MAX_ATTEMPTS` | `5` | "
                + "Server requests per logical request at most, the first included. Expected: a whole number "
                + "from 1 to 100. |");
        assertThat(table).contains("host names or \\*.suffix patterns");
        for (String line : lines) {
            assertThat(line.split("(?<!\\\\)\\|", -1)).as(line).hasSize(6);
        }
    }
}
