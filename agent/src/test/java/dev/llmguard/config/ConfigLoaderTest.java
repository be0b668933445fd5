package dev.llmguard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final Map<String, String> NONE = Collections.emptyMap();

    @TempDir
    Path dir;

    private static Map<String, String> map(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private Path file(String content) throws IOException {
        Path f = dir.resolve("llm-guard.properties");
        Files.write(f, content.getBytes(StandardCharsets.UTF_8));
        return f;
    }

    // ---- defaults and each source

    @Test
    void nothingSetGivesTheDefaultsAndNoProblems() {
        LoadedConfig loaded = ConfigLoader.load(null, null, null);
        GuardConfig c = loaded.config();
        GuardConfig d = GuardConfig.defaults();
        assertThat(loaded.problems()).isEmpty();
        assertThat(c.enabled()).isEqualTo(d.enabled());
        assertThat(c.retry().maxAttempts()).isEqualTo(d.retry().maxAttempts());
        assertThat(c.scope().hosts()).isEqualTo(d.scope().hosts());
        assertThat(c.configFile()).isNull();
        for (ConfigKey<?> k : ConfigKeys.all()) {
            assertThat(loaded.sourceOf(k).kind()).isEqualTo(ConfigSource.Kind.DEFAULT);
        }
    }

    @Test
    void agentArgumentsSetValuesWithOrWithoutThePrefix() {
        LoadedConfig loaded = ConfigLoader.load("retry.max-attempts=3,llmguard.log.level=debug", NONE, NONE);
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.config().retry().maxAttempts()).isEqualTo(3);
        assertThat(loaded.config().log().level()).isEqualTo(GuardConfig.LogLevel.DEBUG);
        assertThat(loaded.sourceOf("llmguard.retry.max-attempts").kind()).isEqualTo(ConfigSource.Kind.AGENT_ARGUMENTS);
    }

    @Test
    void systemPropertiesSetValues() {
        LoadedConfig loaded = ConfigLoader.load(null,
                map("llmguard.retry.base-delay", "250ms", "llmguard.retry.on-timeout", "off", "java.home", "/x"), NONE);
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.config().retry().baseDelayMillis()).isEqualTo(250);
        assertThat(loaded.config().retry().onTimeout()).isFalse();
        assertThat(loaded.sourceOf(ConfigKeys.RETRY_BASE_DELAY).kind()).isEqualTo(ConfigSource.Kind.SYSTEM_PROPERTY);
    }

    @Test
    void environmentVariablesAreTheKeyUpperCasedWithUnderscoresForDotsAndDashes() {
        LoadedConfig loaded = ConfigLoader.load(null, NONE, map(
                "LLMGUARD_RETRY_MAX_ATTEMPTS", "7",
                "LLMGUARD_SCOPE_EXTRA_HOSTS", "llm.internal.example",
                "LLMGUARD_CAPTURE_MAX_BODY_BYTES", "64kb",
                "PATH", "/usr/bin"));
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.config().retry().maxAttempts()).isEqualTo(7);
        assertThat(loaded.config().scope().extraHosts()).containsExactly("llm.internal.example");
        assertThat(loaded.config().capture().maxBodyBytes()).isEqualTo(65536);
        assertThat(ConfigKeys.RETRY_MAX_ATTEMPTS.envName()).isEqualTo("LLMGUARD_RETRY_MAX_ATTEMPTS");
        assertThat(ConfigKeys.CONFIG_FILE.envName()).isEqualTo("LLMGUARD_CONFIG_FILE");
    }

    @Test
    void lowerCaseEnvironmentVariablesAreNotRead() {
        LoadedConfig loaded = ConfigLoader.load(null, NONE, map("llmguard_retry_max_attempts", "7"));
        assertThat(loaded.config().retry().maxAttempts()).isEqualTo(5);
        assertThat(loaded.problems()).isEmpty();
    }

    @Test
    void configFileNamedBySystemPropertyIsRead() throws IOException {
        Path f = file("# comment\nllmguard.retry.max-attempts = 9\nllmguard.scope.paths=/v9/generate, /v9/embed\n");
        LoadedConfig loaded = ConfigLoader.load(null, map("llmguard.config-file", f.toString()), NONE);
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.config().retry().maxAttempts()).isEqualTo(9);
        assertThat(loaded.config().scope().paths()).containsExactly("/v9/generate", "/v9/embed");
        assertThat(loaded.config().configFile()).isEqualTo(f.toString());
        assertThat(loaded.sourceOf(ConfigKeys.RETRY_MAX_ATTEMPTS).label()).isEqualTo("config file " + f);
    }

    @Test
    void configFileCanBeNamedByAgentArgumentsOrEnvironment() throws IOException {
        Path f = file("llmguard.retry.max-attempts=9\n");
        assertThat(ConfigLoader.load("config-file=" + f, NONE, NONE).config().retry().maxAttempts()).isEqualTo(9);
        assertThat(ConfigLoader.load(null, NONE, map("LLMGUARD_CONFIG_FILE", f.toString())).config().retry().maxAttempts())
                .isEqualTo(9);
    }

    @Test
    void configFileInUtf8OrLatin1IsRead() throws IOException {
        Path f = dir.resolve("latin1.properties");
        Files.write(f, "# caf\u00e9\nllmguard.retry.max-attempts=4\n".getBytes(StandardCharsets.ISO_8859_1));
        LoadedConfig loaded = ConfigLoader.load(null, map("llmguard.config-file", f.toString()), NONE);
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.config().retry().maxAttempts()).isEqualTo(4);
    }

    // ---- precedence

    @Test
    void agentArgumentsWinOverSystemProperties() {
        LoadedConfig loaded = ConfigLoader.load("retry.max-attempts=2",
                map("llmguard.retry.max-attempts", "3"), map("LLMGUARD_RETRY_MAX_ATTEMPTS", "4"));
        assertThat(loaded.config().retry().maxAttempts()).isEqualTo(2);
        assertThat(loaded.sourceOf(ConfigKeys.RETRY_MAX_ATTEMPTS).kind()).isEqualTo(ConfigSource.Kind.AGENT_ARGUMENTS);
    }

    @Test
    void systemPropertiesWinOverEnvironment() {
        LoadedConfig loaded = ConfigLoader.load(null,
                map("llmguard.retry.max-attempts", "3"), map("LLMGUARD_RETRY_MAX_ATTEMPTS", "4"));
        assertThat(loaded.config().retry().maxAttempts()).isEqualTo(3);
    }

    @Test
    void environmentWinsOverConfigFile() throws IOException {
        Path f = file("llmguard.retry.max-attempts=9\nllmguard.log.level=warn\n");
        LoadedConfig loaded = ConfigLoader.load(null, map("llmguard.config-file", f.toString()),
                map("LLMGUARD_RETRY_MAX_ATTEMPTS", "4"));
        assertThat(loaded.config().retry().maxAttempts()).isEqualTo(4);
        assertThat(loaded.config().log().level()).isEqualTo(GuardConfig.LogLevel.WARN);
    }

    @Test
    void eachKeyIsResolvedOnItsOwn() {
        LoadedConfig loaded = ConfigLoader.load("log.level=debug",
                map("llmguard.retry.max-attempts", "3"), map("LLMGUARD_ENABLED", "false"));
        assertThat(loaded.config().log().level()).isEqualTo(GuardConfig.LogLevel.DEBUG);
        assertThat(loaded.config().retry().maxAttempts()).isEqualTo(3);
        assertThat(loaded.config().enabled()).isFalse();
    }

    // ---- invalid values

    @Test
    void invalidValueIsReportedOnceAndTheDefaultIsUsed() {
        LoadedConfig loaded = ConfigLoader.load(null, map("llmguard.retry.max-attempts", "abc"), NONE);
        assertThat(loaded.config().retry().maxAttempts()).isEqualTo(5);
        assertThat(loaded.problems()).containsExactly("llm-guard: ignoring llmguard.retry.max-attempts=abc from "
                + "system property: expected a whole number from 1 to 100; using 5");
    }

    @Test
    void invalidValueFallsBackToTheNextSourcesValue() {
        LoadedConfig loaded = ConfigLoader.load("retry.max-attempts=0", NONE, map("LLMGUARD_RETRY_MAX_ATTEMPTS", "8"));
        assertThat(loaded.config().retry().maxAttempts()).isEqualTo(8);
        assertThat(loaded.problems()).containsExactly("llm-guard: ignoring llmguard.retry.max-attempts=0 from "
                + "agent arguments: expected a whole number from 1 to 100; using 8 from environment variable "
                + "LLMGUARD_RETRY_MAX_ATTEMPTS");
    }

    @Test
    void invalidEnvironmentValueIsReportedUnderTheVariableName() {
        LoadedConfig loaded = ConfigLoader.load(null, NONE, map("LLMGUARD_RETRY_BASE_DELAY", "500"));
        assertThat(loaded.problems()).containsExactly("llm-guard: ignoring LLMGUARD_RETRY_BASE_DELAY=500 from "
                + "environment variable: expected a duration such as 500ms, 2s or 1m, at most 1h; using 500ms");
    }

    @Test
    void invalidValueInALowerSourceIsStillReported() {
        LoadedConfig loaded = ConfigLoader.load("enabled=false", map("llmguard.enabled", "maybe"), NONE);
        assertThat(loaded.config().enabled()).isFalse();
        assertThat(loaded.problems()).containsExactly("llm-guard: ignoring llmguard.enabled=maybe from system "
                + "property: expected true or false; using false from agent arguments");
    }

    @Test
    void invalidListEntryIsNamedInTheMessage() {
        LoadedConfig loaded = ConfigLoader.load(null, map("llmguard.scope.extra-hosts", "https://llm.example"), NONE);
        assertThat(loaded.config().scope().extraHosts()).isEmpty();
        assertThat(loaded.problems()).containsExactly("llm-guard: ignoring llmguard.scope.extra-hosts="
                + "https://llm.example from system property: expected a comma-separated list of host names or "
                + "*.suffix patterns (not a host name or pattern: https://llm.example); using (none)");
    }

    @Test
    void longValuesAreCutTo60CharactersInMessages() {
        String value = "x".repeat(200);
        LoadedConfig loaded = ConfigLoader.load(null, map("llmguard.log.level", value), NONE);
        assertThat(loaded.problems()).containsExactly("llm-guard: ignoring llmguard.log.level=" + "x".repeat(57)
                + "... from system property: expected one of off, error, warn, info, debug; using info");
    }

    @Test
    void controlCharactersInValuesAreEscapedSoEachMessageIsOneLine() {
        LoadedConfig loaded = ConfigLoader.load(null, map("llmguard.enabled", "yes\nno"), NONE);
        assertThat(loaded.problems()).hasSize(1);
        assertThat(loaded.problems().get(0)).contains("llmguard.enabled=yes\\nno from").doesNotContain("\n");
    }

    @Test
    void maxDelayBelowBaseDelayIsRejectedAndTheDefaultCapIsUsed() {
        LoadedConfig loaded = ConfigLoader.load(null, map("llmguard.retry.max-delay", "100ms"), NONE);
        assertThat(loaded.config().retry().maxDelayMillis()).isEqualTo(30_000);
        assertThat(loaded.problems()).containsExactly("llm-guard: ignoring llmguard.retry.max-delay=100ms from "
                + "system property: must not be less than llmguard.retry.base-delay (500ms); using 30s");
    }

    @Test
    void baseDelayAboveTheDefaultCapIsRejected() {
        LoadedConfig loaded = ConfigLoader.load("retry.base-delay=1m", NONE, NONE);
        assertThat(loaded.config().retry().baseDelayMillis()).isEqualTo(500);
        assertThat(loaded.problems()).containsExactly("llm-guard: ignoring llmguard.retry.base-delay=1m from "
                + "agent arguments: must not be more than llmguard.retry.max-delay (30s); using 500ms");
    }

    @Test
    void baseDelayAndMaxDelayRaisedTogetherAreAccepted() {
        LoadedConfig loaded = ConfigLoader.load("retry.base-delay=1m,retry.max-delay=5m", NONE, NONE);
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.config().retry().baseDelayMillis()).isEqualTo(60_000);
        assertThat(loaded.config().retry().maxDelayMillis()).isEqualTo(300_000);
    }

    @Test
    void maxDelayConflictFallsBackToALowerSourceThatFits() {
        LoadedConfig loaded = ConfigLoader.load("retry.base-delay=1m,retry.max-delay=10s",
                map("llmguard.retry.max-delay", "2m"), NONE);
        assertThat(loaded.config().retry().baseDelayMillis()).isEqualTo(60_000);
        assertThat(loaded.config().retry().maxDelayMillis()).isEqualTo(120_000);
        assertThat(loaded.problems()).containsExactly("llm-guard: ignoring llmguard.retry.max-delay=10s from "
                + "agent arguments: must not be less than llmguard.retry.base-delay (1m); using 2m from system property");
    }

    @Test
    void maxDelayEqualToBaseDelayIsAccepted() {
        LoadedConfig loaded = ConfigLoader.load("retry.base-delay=2s,retry.max-delay=2s", NONE, NONE);
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.config().retry().maxDelayMillis()).isEqualTo(2000);
    }

    // ---- agent argument syntax

    @Test
    void listValuesInAgentArgumentsMayContainCommas() {
        LoadedConfig loaded = ConfigLoader.load("scope.extra-hosts=a.example,b.example,retry.max-attempts=3", NONE, NONE);
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.config().scope().extraHosts()).containsExactly("a.example", "b.example");
        assertThat(loaded.config().retry().maxAttempts()).isEqualTo(3);
    }

    @Test
    void strayCommasInAgentArgumentsAreIgnored() {
        LoadedConfig loaded = ConfigLoader.load(",retry.max-attempts=3,,scope.paths=/a,,/b,", NONE, NONE);
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.config().retry().maxAttempts()).isEqualTo(3);
        assertThat(loaded.config().scope().paths()).containsExactly("/a", "/b");
    }

    @Test
    void spacesAroundAgentArgumentKeysAndValuesAreTrimmed() {
        LoadedConfig loaded = ConfigLoader.load(" retry.max-attempts = 3 , log.level= warn ", NONE, NONE);
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.config().retry().maxAttempts()).isEqualTo(3);
        assertThat(loaded.config().log().level()).isEqualTo(GuardConfig.LogLevel.WARN);
    }

    @Test
    void agentArgumentWithoutKeyIsReported() {
        LoadedConfig loaded = ConfigLoader.load("=3,retry.max-attempts=4", NONE, NONE);
        assertThat(loaded.config().retry().maxAttempts()).isEqualTo(4);
        assertThat(loaded.problems()).containsExactly(
                "llm-guard: ignoring agent argument \"=3\": expected key=value pairs separated by commas");
    }

    @Test
    void agentArgumentWithoutEqualsSignIsReported() {
        LoadedConfig loaded = ConfigLoader.load("debug", NONE, NONE);
        assertThat(loaded.problems()).containsExactly(
                "llm-guard: ignoring agent argument \"debug\": expected key=value pairs separated by commas");
    }

    @Test
    void pieceWithoutEqualsSignAfterAScalarBecomesPartOfItsValue() {
        LoadedConfig loaded = ConfigLoader.load("retry.max-attempts=3,debug", NONE, NONE);
        assertThat(loaded.config().retry().maxAttempts()).isEqualTo(5);
        assertThat(loaded.problems()).containsExactly("llm-guard: ignoring llmguard.retry.max-attempts=3,debug from "
                + "agent arguments: expected a whole number from 1 to 100; using 5");
    }

    @Test
    void keyGivenTwiceInAgentArgumentsIsReportedAndTheLastCounts() {
        LoadedConfig loaded = ConfigLoader.load("retry.max-attempts=3,llmguard.retry.max-attempts=4", NONE, NONE);
        assertThat(loaded.config().retry().maxAttempts()).isEqualTo(4);
        assertThat(loaded.problems()).containsExactly("llm-guard: llmguard.retry.max-attempts is given more than "
                + "once in agent arguments; the last one counts");
    }

    // ---- unknown keys

    @Test
    void unknownSystemPropertySuggestsTheClosestKey() {
        LoadedConfig loaded = ConfigLoader.load(null, map("llmguard.retry.max-attempt", "3"), NONE);
        assertThat(loaded.config().retry().maxAttempts()).isEqualTo(5);
        assertThat(loaded.problems()).containsExactly("llm-guard: unknown key llmguard.retry.max-attempt "
                + "(system property); did you mean llmguard.retry.max-attempts?");
    }

    @Test
    void unknownEnvironmentVariableSuggestsTheClosestVariable() {
        LoadedConfig loaded = ConfigLoader.load(null, NONE, map("LLMGUARD_RETRY_MAXATTEMPTS", "3"));
        assertThat(loaded.problems()).containsExactly("llm-guard: unknown key LLMGUARD_RETRY_MAXATTEMPTS "
                + "(environment variable); did you mean LLMGUARD_RETRY_MAX_ATTEMPTS?");
    }

    @Test
    void unknownAgentArgumentSuggestsTheKeyWrittenTheSameWay() {
        assertThat(ConfigLoader.load("retry.max-attemps=3", NONE, NONE).problems()).containsExactly(
                "llm-guard: unknown key retry.max-attemps (agent arguments); did you mean retry.max-attempts?");
        assertThat(ConfigLoader.load("llmguard.log.levl=debug", NONE, NONE).problems()).containsExactly(
                "llm-guard: unknown key llmguard.log.levl (agent arguments); did you mean llmguard.log.level?");
    }

    @Test
    void unknownKeyMissingItsGroupSuggestsTheFullKey() {
        assertThat(ConfigLoader.load(null, map("llmguard.max-attempts", "3"), NONE).problems()).containsExactly(
                "llm-guard: unknown key llmguard.max-attempts (system property); did you mean "
                        + "llmguard.retry.max-attempts?");
    }

    @Test
    void unknownKeyWithWrongCaseSuggestsTheKey() {
        assertThat(ConfigLoader.load(null, map("llmguard.Retry.Max-Attempts", "3"), NONE).problems()).containsExactly(
                "llm-guard: unknown key llmguard.Retry.Max-Attempts (system property); did you mean "
                        + "llmguard.retry.max-attempts?");
    }

    @Test
    void unknownKeyFarFromAllKeysHasNoSuggestion() {
        assertThat(ConfigLoader.load(null, map("llmguard.colour", "red"), NONE).problems()).containsExactly(
                "llm-guard: unknown key llmguard.colour (system property)");
    }

    @Test
    void propertiesOutsideTheLlmguardNamespaceAreIgnored() {
        assertThat(ConfigLoader.load(null, map("llmguardx.retry", "1", "retry.max-attempts", "1"),
                map("LLMGUARDX", "1", "HOME", "/root")).problems()).isEmpty();
    }

    @Test
    void unknownKeysInTheConfigFileAreReportedAndKeysWithoutPrefixGetTheFullName() throws IOException {
        Path f = file("retry.max-attempts=3\nllmguard.retry.max-delays=1m\n");
        LoadedConfig loaded = ConfigLoader.load(null, map("llmguard.config-file", f.toString()), NONE);
        assertThat(loaded.config().retry().maxAttempts()).isEqualTo(5);
        assertThat(loaded.problems()).containsExactly(
                "llm-guard: unknown key llmguard.retry.max-delays (config file " + f
                        + "); did you mean llmguard.retry.max-delay?",
                "llm-guard: unknown key retry.max-attempts (config file " + f
                        + "); did you mean llmguard.retry.max-attempts?");
    }

    @Test
    void invalidValueInTheConfigFileNamesTheFile() throws IOException {
        Path f = file("llmguard.retry.on-timeout=sometimes\n");
        LoadedConfig loaded = ConfigLoader.load(null, map("llmguard.config-file", f.toString()), NONE);
        assertThat(loaded.problems()).containsExactly("llm-guard: ignoring llmguard.retry.on-timeout=sometimes from "
                + "config file " + f + ": expected true or false; using true");
    }

    @Test
    void configFileCannotNameAnotherConfigFile() throws IOException {
        Path f = file("llmguard.config-file=/etc/other.properties\n");
        LoadedConfig loaded = ConfigLoader.load(null, map("llmguard.config-file", f.toString()), NONE);
        assertThat(loaded.config().configFile()).isEqualTo(f.toString());
        assertThat(loaded.problems()).containsExactly("llm-guard: ignoring llmguard.config-file in config file " + f
                + ": a config file cannot name another one");
    }

    // ---- config file problems

    @Test
    void missingConfigFileIsOneProblemNotACrash() {
        String missing = dir.resolve("nope.properties").toString();
        LoadedConfig loaded = ConfigLoader.load("retry.max-attempts=3", NONE, map("LLMGUARD_CONFIG_FILE", missing));
        assertThat(loaded.config().retry().maxAttempts()).isEqualTo(3);
        assertThat(loaded.problems()).containsExactly("llm-guard: cannot read config file " + missing
                + " (named by environment variable LLMGUARD_CONFIG_FILE): no such file; continuing without it");
    }

    @Test
    void directoryAsConfigFileIsOneProblem() {
        LoadedConfig loaded = ConfigLoader.load(null, map("llmguard.config-file", dir.toString()), NONE);
        assertThat(loaded.problems()).containsExactly("llm-guard: cannot read config file " + dir
                + " (named by system property): it is a directory; continuing without it");
    }

    @Test
    void malformedConfigFileIsOneProblem() throws IOException {
        Path f = file("llmguard.retry.max-attempts=\\u12\n");
        LoadedConfig loaded = ConfigLoader.load(null, map("llmguard.config-file", f.toString()), NONE);
        assertThat(loaded.problems()).hasSize(1);
        assertThat(loaded.problems().get(0)).startsWith("llm-guard: cannot read config file " + f);
        assertThat(loaded.config().retry().maxAttempts()).isEqualTo(5);
    }

    @Test
    void emptyConfigFileNameIsAnInvalidValue() {
        LoadedConfig loaded = ConfigLoader.load(null, map("llmguard.config-file", " "), NONE);
        assertThat(loaded.problems()).containsExactly("llm-guard: ignoring llmguard.config-file=  from system "
                + "property: expected a file path; using (none)");
    }

    // ---- describe and secrets

    @Test
    void describeListsEveryKeyWithValueAndSource() {
        LoadedConfig loaded = ConfigLoader.load("retry.max-attempts=3", map("llmguard.retry.max-delay", "1m"),
                map("LLMGUARD_LOG_LEVEL", "debug"));
        String d = loaded.describe();
        assertThat(d).contains("llmguard.retry.max-attempts = 3 (agent arguments)\n")
                .contains("llmguard.retry.max-delay = 1m (system property)\n")
                .contains("llmguard.log.level = debug (environment variable LLMGUARD_LOG_LEVEL)\n")
                .contains("llmguard.enabled = true (default)\n")
                .contains("llmguard.config-file = (none) (default)\n")
                .contains("llmguard.capture.max-body-bytes = 1mb (default)\n");
        assertThat(d.split("\n")).hasSize(ConfigKeys.all().size());
    }

    /** A stand-in for a future key such as llmguard.redis.url; stored in configFile for the test. */
    private static final ConfigKey<String> SECRET_URL = ConfigKey.of("llmguard.redis.url",
            new ValueParser<String>() {
                @Override
                public String expectedForm() {
                    return "a URL such as redis://host:6379";
                }

                @Override
                public String parse(String text) throws InvalidValueException {
                    if (!text.startsWith("redis://")) {
                        throw new InvalidValueException("bad URL " + text);
                    }
                    return text;
                }

                @Override
                public String format(String value) {
                    return value;
                }
            }, GuardConfig::configFile, GuardConfig.Builder::configFile, "Shared state.").secret(Redaction.URL_PASSWORD);

    private static LoadedConfig loadWithSecretKey(String args, Map<String, String> sys) {
        List<ConfigKey<?>> keys = new ArrayList<>();
        keys.add(ConfigKeys.RETRY_MAX_ATTEMPTS);
        keys.add(SECRET_URL);
        return ConfigLoader.load(keys, Collections.<ConfigConstraint<?>>emptyList(), args, sys, NONE);
    }

    @Test
    void describeMasksTheSecretPartOfASecretKey() {
        LoadedConfig loaded = loadWithSecretKey("redis.url=redis://app:hunter2@cache:6379/0", NONE);
        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.config().configFile()).isEqualTo("redis://app:hunter2@cache:6379/0");
        assertThat(loaded.describe()).contains("llmguard.redis.url = redis://app:****@cache:6379/0 (agent arguments)")
                .doesNotContain("hunter2");
        assertThat(loaded.toString()).doesNotContain("hunter2");
    }

    @Test
    void invalidSecretValueIsMaskedBeforeItIsCutAndHasNoDetail() {
        String longSecret = "x".repeat(70) + "hunter2";
        LoadedConfig loaded = loadWithSecretKey(null, map("llmguard.redis.url", "http://app:" + longSecret + "@cache"));
        assertThat(loaded.problems()).containsExactly("llm-guard: ignoring llmguard.redis.url=http://app:****@cache "
                + "from system property: expected a URL such as redis://host:6379; using (none)");
        loaded = loadWithSecretKey(null, map("llmguard.redis.url", "hunter2"));
        assertThat(String.join("\n", loaded.problems())).doesNotContain("hunter2");
    }

    @Test
    void unknownKeyMessagesNeverShowTheValue() {
        LoadedConfig loaded = ConfigLoader.load("redis.ulr=redis://app:hunter2@cache",
                map("llmguard.redis.pasword", "hunter2"), map("LLMGUARD_REDIS_PASS", "hunter2"));
        assertThat(loaded.problems()).hasSize(3);
        assertThat(String.join("\n", loaded.problems())).doesNotContain("hunter2");
    }

    // ---- robustness

    @Test
    void nullValuesInTheMapsAreIgnored() {
        Map<String, String> sys = new HashMap<>();
        sys.put("llmguard.retry.max-attempts", null);
        LoadedConfig loaded = ConfigLoader.load(null, sys, NONE);
        assertThat(loaded.problems()).isEmpty();
    }

    @Test
    void loadNeverThrowsEvenWhenASourceMapFails() {
        Map<String, String> broken = new HashMap<String, String>() {
            @Override
            public String get(Object key) {
                throw new IllegalStateException("boom");
            }
        };
        LoadedConfig loaded = ConfigLoader.load("retry.max-attempts=3", broken, NONE);
        assertThat(loaded.config().retry().maxAttempts()).isEqualTo(5);
        assertThat(loaded.problems()).containsExactly(
                "llm-guard: could not read the configuration (java.lang.IllegalStateException); using the defaults");
        assertThat(loaded.describe()).contains("llmguard.retry.max-attempts = 5 (default)");
    }

    @Test
    void problemsAreOrderedStructuralFirstThenPerKeyInRegistryOrder() {
        LoadedConfig loaded = ConfigLoader.load("foo=1,retry.max-attempts=x",
                map("llmguard.enabled", "x", "llmguard.bar", "1"), map("LLMGUARD_BAZ", "1"));
        assertThat(loaded.problems()).hasSize(5);
        assertThat(loaded.problems().get(0)).contains("unknown key foo (agent arguments)");
        assertThat(loaded.problems().get(1)).contains("unknown key llmguard.bar (system property)");
        assertThat(loaded.problems().get(2)).contains("unknown key LLMGUARD_BAZ (environment variable)");
        assertThat(loaded.problems().get(3)).contains("llmguard.enabled=x");
        assertThat(loaded.problems().get(4)).contains("llmguard.retry.max-attempts=x");
    }

    @Test
    void loadFromSystemReadsRealSystemProperties() {
        String key = "llmguard.retry.max-server-wait";
        String old = System.getProperty(key);
        System.setProperty(key, "2m");
        try {
            LoadedConfig loaded = ConfigLoader.loadFromSystem("retry.max-attempts=2");
            assertThat(loaded.config().retry().maxServerWaitMillis()).isEqualTo(120_000);
            assertThat(loaded.config().retry().maxAttempts()).isEqualTo(2);
        } finally {
            if (old == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, old);
            }
        }
    }
}
