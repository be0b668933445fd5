package dev.llmguard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueParsersTest {

    private final ValueParser<Long> duration = new DurationParser(3_600_000);

    @ParameterizedTest
    @CsvSource({
            "250ms, 250", "0ms, 0", "2s, 2000", "1.5s, 1500", "0.25s, 250", "1m, 60000", "1h, 3600000",
            "2 s, 2000", "2S, 2000", "PT2S, 2000", "pt0.5s, 500", "PT1M30S, 90000", "PT1H, 3600000"})
    void durationsAcceptUnitsDecimalsAndIso8601(String text, long millis) throws Exception {
        assertThat(duration.parse(text)).isEqualTo(millis);
    }

    @ParameterizedTest
    @ValueSource(strings = {"500", "0", "2", "-1s", "1.5", "2 seconds", "s", "", "1d", "PT-2S", "P", "PTxS",
            "0.5ms", "1.0001s", "2h", "99999999999999999h", "1,5s"})
    void durationsRejectBareNumbersNegativesFractionsOfMillisAndTooLong(String text) {
        assertThatThrownBy(() -> duration.parse(text)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void bareNumberDurationIsRejectedWithTheExpectedForm() {
        InvalidValueException e = catchInvalid(() -> duration.parse("500"));
        assertThat(e.reason(duration.expectedForm(), false))
                .isEqualTo("expected a duration such as 500ms, 2s or 1m, at most 1h");
    }

    @ParameterizedTest
    @CsvSource({"500, 500ms", "1500, 1500ms", "2000, 2s", "60000, 1m", "90000, 90s", "3600000, 1h", "0, 0ms"})
    void durationsAreFormattedInTheLargestWholeUnit(long millis, String text) throws Exception {
        assertThat(duration.format(millis)).isEqualTo(text);
        assertThat(duration.parse(text)).isEqualTo(millis);
    }

    @ParameterizedTest
    @CsvSource({"true, true", "TRUE, true", "yes, true", "On, true", "1, true",
            "false, false", "No, false", "off, false", "0, false", "FaLsE, false"})
    void booleansAcceptTheUsualWordsInAnyCase(String text, boolean value) throws Exception {
        assertThat(ChoiceParsers.bool().parse(text)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2", "y", "enabled", "truee", "nope"})
    void booleansRejectOtherWords(String text) {
        assertThatThrownBy(() -> ChoiceParsers.bool().parse(text)).isInstanceOf(InvalidValueException.class);
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "100, 100", "5, 5", "+7, 7", "007, 7"})
    void wholeNumbersInRangeAreAccepted(String text, int value) throws Exception {
        assertThat(new WholeNumberParser(1, 100).parse(text)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "-3", "abc", "", "1.0", "3x", "99999999999999999999999", "1e2"})
    void wholeNumbersOutOfRangeOrMalformedAreRejected(String text) {
        assertThatThrownBy(() -> new WholeNumberParser(1, 100).parse(text)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void wholeNumberFormNamesTheRange() {
        assertThat(new WholeNumberParser(1, 100).expectedForm()).isEqualTo("a whole number from 1 to 100");
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1000, 1000", "64kb, 65536", "64KB, 65536", "1mb, 1048576", "1 mb, 1048576",
            "64mb, 67108864", "10b, 10"})
    void sizesAcceptBytesKbAndMb(String text, int bytes) throws Exception {
        assertThat(new SizeParser(64 << 20).parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"65mb", "67108865", "-1", "1gb", "1.5mb", "", "kb", "99999999999999kb"})
    void sizesAboveTheLimitOrMalformedAreRejected(String text) {
        assertThatThrownBy(() -> new SizeParser(64 << 20).parse(text)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void sizesAreFormattedInTheLargestWholeUnit() {
        ValueParser<Integer> size = new SizeParser(64 << 20);
        assertThat(size.format(1 << 20)).isEqualTo("1mb");
        assertThat(size.format(65536)).isEqualTo("64kb");
        assertThat(size.format(1000)).isEqualTo("1000");
        assertThat(size.format(0)).isEqualTo("0");
    }

    @Test
    void logLevelsAreTheLowerCaseNamesInAnyCase() throws Exception {
        ValueParser<GuardConfig.LogLevel> p = ChoiceParsers.lowerCaseEnum(GuardConfig.LogLevel.class);
        assertThat(p.parse("debug")).isEqualTo(GuardConfig.LogLevel.DEBUG);
        assertThat(p.parse("WARN")).isEqualTo(GuardConfig.LogLevel.WARN);
        assertThat(p.format(GuardConfig.LogLevel.OFF)).isEqualTo("off");
        assertThat(p.expectedForm()).isEqualTo("one of off, error, warn, info, debug");
        assertThatThrownBy(() -> p.parse("verbose")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> p.parse("warning")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void hostListsAreTrimmedLowerCasedAndSkipEmptyEntries() throws Exception {
        assertThat(ListParser.hostList().parse(" API.example.com , *.Azure.example,,localhost,10.0.0.5,[::1],"))
                .containsExactly("api.example.com", "*.azure.example", "localhost", "10.0.0.5", "[::1]");
        assertThat(ListParser.hostList().parse("")).isEmpty();
    }

    @Test
    void everyDefaultHostIsAcceptedByTheHostListParser() throws Exception {
        assertThat(ListParser.hostList().parse(ListParser.join(ScopeConfig.DEFAULT_HOSTS)))
                .isEqualTo(ScopeConfig.DEFAULT_HOSTS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://api.example.com", "api.example.com/v1", "*", "a b.example", "user@host",
            "api.example.com:443", "a..example", ".example.com"})
    void hostListsRejectUrlsPortsAndBarePatterns(String entry) {
        InvalidValueException e = catchInvalid(() -> ListParser.hostList().parse("ok.example," + entry));
        assertThat(e.reason("X", false)).isEqualTo("expected X (not a host name or pattern: " + entry + ")");
        assertThat(e.reason("X", true)).isEqualTo("expected X");
    }

    @Test
    void pathListsKeepCaseAndRejectWhitespaceAndQueries() throws Exception {
        List<String> paths = ListParser.pathList().parse("/v1/chat/completions, :generateContent");
        assertThat(paths).containsExactly("/v1/chat/completions", ":generateContent");
        assertThat(ListParser.pathList().parse(ListParser.join(ScopeConfig.DEFAULT_PATHS))).isEqualTo(ScopeConfig.DEFAULT_PATHS);
        assertThatThrownBy(() -> ListParser.pathList().parse("/a b")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> ListParser.pathList().parse("/a?x=1")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void emptyListsAreFormattedAsNone() {
        assertThat(ListParser.hostList().format(java.util.Collections.<String>emptyList())).isEqualTo("(none)");
    }

    @Test
    void urlPasswordRedactionMasksOnlyThePassword() {
        Redaction r = Redaction.URL_PASSWORD;
        assertThat(r.apply("redis://user:s3cret@cache:6379/0")).isEqualTo("redis://user:****@cache:6379/0");
        assertThat(r.apply("redis://:s3cret@cache:6379")).isEqualTo("redis://:****@cache:6379");
        assertThat(r.apply("rediss://token@cache")).isEqualTo("rediss://****@cache");
        assertThat(r.apply("redis://p@ss:w@rd@cache/1")).isEqualTo("redis://p@ss:****@cache/1");
        assertThat(r.apply("redis://cache:6379/0?x=a@b")).isEqualTo("redis://cache:6379/0?x=a@b");
        assertThat(r.apply("s3cret")).isEqualTo("****");
    }

    @Test
    void fallbackRulesKeepTheirOrderAndFormatBackToWhatTheyParse() throws Exception {
        FallbackRulesParser parser = new FallbackRulesParser();
        java.util.Map<String, List<String>> rules = parser.parse(" gpt-4o -> gpt-4o-mini ,gpt-4.1-mini; claude-opus-4-1->claude-sonnet-4-5;");
        assertThat(rules).containsOnlyKeys("gpt-4o", "claude-opus-4-1");
        assertThat(rules.get("gpt-4o")).containsExactly("gpt-4o-mini", "gpt-4.1-mini");
        assertThat(parser.format(rules)).isEqualTo("gpt-4o -> gpt-4o-mini, gpt-4.1-mini; claude-opus-4-1 -> claude-sonnet-4-5");
        assertThat(parser.parse(parser.format(rules))).isEqualTo(rules);
        assertThat(parser.parse("")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "gpt-4o: gpt-4o-mini | 'gpt-4o: gpt-4o-mini' has no '->' between the model and its fallbacks",
            "gpt-4o -> gpt-4o | gpt-4o cannot fall back to itself",
            "gpt-4o -> | 'gpt-4o ->' names no fallback after '->'",
            "-> gpt-4o | '-> gpt-4o' has an empty model name",
            "gpt-4o -> a, a | gpt-4o names a twice",
            "gpt-4o -> a; gpt-4o -> b | gpt-4o has two rules; put all its fallbacks in one, in order",
            "gpt 4o -> a | 'gpt 4o' is not a model name (letters, digits and . - _ : / @ only)"})
    void badFallbackRulesSayWhatIsWrong(String text, String detail) {
        InvalidValueException e = catchInvalid(() -> new FallbackRulesParser().parse(text));
        assertThat(e.getMessage()).contains(detail);
    }

    private static InvalidValueException catchInvalid(ThrowingCall call) {
        try {
            call.run();
        } catch (InvalidValueException e) {
            return e;
        }
        throw new AssertionError("expected InvalidValueException");
    }

    private interface ThrowingCall {
        void run() throws InvalidValueException;
    }
}
