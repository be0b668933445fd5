package dev.llmguard.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The value types settings can have. Each factory returns a parser with its expected form in words. */
final class Parsers {

    private Parsers() {
    }

    /** true/false, yes/no, on/off, 1/0, any case. */
    static ValueParser<Boolean> bool() {
        return new ValueParser<Boolean>() {
            @Override
            public String expectedForm() {
                return "true or false";
            }

            @Override
            public Boolean parse(String text) throws InvalidValueException {
                String t = text.toLowerCase(Locale.ROOT);
                if (t.equals("true") || t.equals("yes") || t.equals("on") || t.equals("1")) {
                    return Boolean.TRUE;
                }
                if (t.equals("false") || t.equals("no") || t.equals("off") || t.equals("0")) {
                    return Boolean.FALSE;
                }
                throw new InvalidValueException();
            }

            @Override
            public String format(Boolean value) {
                return value.toString();
            }
        };
    }

    /** A whole number from {@code min} to {@code max}, both included. */
    static ValueParser<Integer> intRange(final int min, final int max) {
        return new ValueParser<Integer>() {
            @Override
            public String expectedForm() {
                return "a whole number from " + min + " to " + max;
            }

            @Override
            public Integer parse(String text) throws InvalidValueException {
                if (!text.matches("[+-]?[0-9]{1,18}")) {
                    throw new InvalidValueException();
                }
                long v = Long.parseLong(text);
                if (v < min || v > max) {
                    throw new InvalidValueException();
                }
                return (int) v;
            }

            @Override
            public String format(Integer value) {
                return value.toString();
            }
        };
    }

    /** One of the enum's constants, written in lower case (any case accepted). */
    static <E extends Enum<E>> ValueParser<E> lowerCaseEnum(final Class<E> type) {
        final E[] constants = type.getEnumConstants();
        final StringBuilder names = new StringBuilder();
        for (int i = 0; i < constants.length; i++) {
            names.append(i == 0 ? "" : ", ").append(constants[i].name().toLowerCase(Locale.ROOT));
        }
        return new ValueParser<E>() {
            @Override
            public String expectedForm() {
                return "one of " + names;
            }

            @Override
            public E parse(String text) throws InvalidValueException {
                for (E e : constants) {
                    if (e.name().equalsIgnoreCase(text)) {
                        return e;
                    }
                }
                throw new InvalidValueException();
            }

            @Override
            public String format(E value) {
                return value.name().toLowerCase(Locale.ROOT);
            }
        };
    }

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,15}(?:\\.[0-9]{1,9})?)\\s*(ms|s|m|h)",
            Pattern.CASE_INSENSITIVE);

    /**
     * A duration in milliseconds, from 0 to {@code maxMillis}: a number with a unit (ms, s, m, h; decimals
     * allowed, e.g. 1.5s) or ISO-8601 (PT2S). A bare number is rejected: its unit would be a guess.
     */
    static ValueParser<Long> durationMillis(final long maxMillis) {
        return new ValueParser<Long>() {
            @Override
            public String expectedForm() {
                return "a duration such as 500ms, 2s or 1m, at most " + formatMillis(maxMillis);
            }

            @Override
            public Long parse(String text) throws InvalidValueException {
                BigDecimal millis;
                if (text.length() > 1 && (text.charAt(0) == 'P' || text.charAt(0) == 'p')) {
                    millis = isoMillis(text);
                } else {
                    Matcher m = DURATION.matcher(text);
                    if (!m.matches()) {
                        throw new InvalidValueException();
                    }
                    millis = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitMillis(m.group(2))));
                }
                if (millis.signum() < 0 || millis.compareTo(BigDecimal.valueOf(maxMillis)) > 0) {
                    throw new InvalidValueException();
                }
                if (millis.stripTrailingZeros().scale() > 0) {
                    throw new InvalidValueException("no fractions of a millisecond");
                }
                return millis.longValue();
            }

            @Override
            public String format(Long value) {
                return formatMillis(value);
            }
        };
    }

    private static BigDecimal isoMillis(String text) throws InvalidValueException {
        try {
            Duration d = Duration.parse(text);
            return BigDecimal.valueOf(d.getSeconds()).multiply(BigDecimal.valueOf(1000))
                    .add(BigDecimal.valueOf(d.getNano()).movePointLeft(6));
        } catch (DateTimeParseException e) {
            throw new InvalidValueException();
        } catch (ArithmeticException e) {
            throw new InvalidValueException();
        }
    }

    private static long unitMillis(String unit) {
        String u = unit.toLowerCase(Locale.ROOT);
        if (u.equals("ms")) {
            return 1;
        }
        if (u.equals("s")) {
            return 1000;
        }
        if (u.equals("m")) {
            return 60_000;
        }
        return 3_600_000;
    }

    /** The largest whole unit: 500ms, 2s, 1m, 1h, 1500ms. */
    static String formatMillis(long millis) {
        if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis != 0 && millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }

    private static final Pattern SIZE = Pattern.compile("([0-9]{1,15})\\s*(b|kb|mb)?", Pattern.CASE_INSENSITIVE);

    /** A size in bytes from 0 to {@code maxBytes}: plain bytes, or a whole number of kb or mb (1024-based). */
    static ValueParser<Integer> sizeBytes(final int maxBytes) {
        return new ValueParser<Integer>() {
            @Override
            public String expectedForm() {
                return "a size in bytes, or with kb or mb such as 64kb or 1mb, at most " + formatBytes(maxBytes);
            }

            @Override
            public Integer parse(String text) throws InvalidValueException {
                Matcher m = SIZE.matcher(text);
                if (!m.matches()) {
                    throw new InvalidValueException();
                }
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
                long factor = unit.equals("mb") ? 1 << 20 : unit.equals("kb") ? 1 << 10 : 1;
                if (n > maxBytes / factor) {
                    throw new InvalidValueException();
                }
                return (int) (n * factor);
            }

            @Override
            public String format(Integer value) {
                return formatBytes(value);
            }
        };
    }

    static String formatBytes(long bytes) {
        if (bytes != 0 && bytes % (1 << 20) == 0) {
            return bytes / (1 << 20) + "mb";
        }
        if (bytes != 0 && bytes % (1 << 10) == 0) {
            return bytes / (1 << 10) + "kb";
        }
        return Long.toString(bytes);
    }

    private static final Pattern HOST_PATTERN = Pattern.compile(
            "(\\*[.-])?[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?|\\[[0-9a-f:.]+\\]");

    /**
     * Host names ("api.openai.com", "localhost", "10.0.0.5", "[::1]") or patterns with a leading '*'
     * ("*.openai.azure.com", "*-aiplatform.googleapis.com"), separated by commas; stored in lower case.
     * Empty entries are skipped; an empty text is an empty list.
     */
    static ValueParser<List<String>> hostList() {
        return new ListParser("a comma-separated list of host names or *.suffix patterns") {
            @Override
            String entry(String e) throws InvalidValueException {
                String lower = e.toLowerCase(Locale.ROOT);
                if (!HOST_PATTERN.matcher(lower).matches() || lower.contains("..")) {
                    throw new InvalidValueException("not a host name or pattern: " + e);
                }
                return lower;
            }
        };
    }

    /** Path endings ("/v1/chat/completions", ":generateContent"), separated by commas; case is kept. */
    static ValueParser<List<String>> pathList() {
        return new ListParser("a comma-separated list of path endings such as /v1/chat/completions or :generateContent") {
            @Override
            String entry(String e) throws InvalidValueException {
                for (int i = 0; i < e.length(); i++) {
                    char c = e.charAt(i);
                    if (Character.isWhitespace(c) || c == '?' || c == '#' || Character.isISOControl(c)) {
                        throw new InvalidValueException("not a path ending: " + e);
                    }
                }
                return e;
            }
        };
    }

    static ValueParser<Limits> limits() {
        return new ValueParser<Limits>() {
            @Override
            public String expectedForm() {
                return "limits such as rpm=500 tpm=30000 rpd=10000 concurrency=8";
            }

            @Override
            public Limits parse(String text) throws InvalidValueException {
                try {
                    return Limits.parse(text);
                } catch (IllegalArgumentException e) {
                    throw new InvalidValueException(e.getMessage());
                }
            }

            @Override
            public String format(Limits value) {
                return value.isUnlimited() ? "(none)" : value.toString();
            }
        };
    }

    /** {@code name: limits; name: limits}, where a name is a host pattern or a model name. */
    static ValueParser<Map<String, Limits>> limitRules(final String example, final boolean hosts) {
        return new ValueParser<Map<String, Limits>>() {
            @Override
            public String expectedForm() {
                return "rules separated by ';', each NAME: LIMITS, such as " + example;
            }

            @Override
            public Map<String, Limits> parse(String text) throws InvalidValueException {
                Map<String, Limits> rules = new LinkedHashMap<String, Limits>();
                for (String part : text.split(";")) {
                    String rule = part.trim();
                    if (rule.isEmpty()) {
                        continue;
                    }
                    int colon = rule.indexOf(':');
                    if (colon <= 0) {
                        throw new InvalidValueException("'" + rule + "' has no NAME: before its limits");
                    }
                    String name = rule.substring(0, colon).trim();
                    if (hosts) {
                        name = name.toLowerCase(Locale.ROOT);
                        if (!HOST_PATTERN.matcher(name).matches() || name.contains("..")) {
                            throw new InvalidValueException("not a host name or pattern: " + name);
                        }
                    }
                    try {
                        rules.put(name, Limits.parse(rule.substring(colon + 1)));
                    } catch (IllegalArgumentException e) {
                        throw new InvalidValueException(name + ": " + e.getMessage());
                    }
                }
                return Collections.unmodifiableMap(rules);
            }

            @Override
            public String format(Map<String, Limits> value) {
                if (value.isEmpty()) {
                    return "(none)";
                }
                StringBuilder sb = new StringBuilder();
                for (Map.Entry<String, Limits> e : value.entrySet()) {
                    sb.append(sb.length() == 0 ? "" : "; ").append(e.getKey()).append(": ").append(e.getValue());
                }
                return sb.toString();
            }
        };
    }

    private abstract static class ListParser implements ValueParser<List<String>> {
        private final String form;

        ListParser(String form) {
            this.form = form;
        }

        abstract String entry(String e) throws InvalidValueException;

        @Override
        public String expectedForm() {
            return form;
        }

        @Override
        public List<String> parse(String text) throws InvalidValueException {
            List<String> out = new ArrayList<String>();
            for (String part : text.split(",", -1)) {
                String e = part.trim();
                if (!e.isEmpty()) {
                    out.add(entry(e));
                }
            }
            return Collections.unmodifiableList(out);
        }

        @Override
        public String format(List<String> value) {
            return value.isEmpty() ? "(none)" : join(value);
        }
    }

    static String join(List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (String v : values) {
            sb.append(sb.length() == 0 ? "" : ", ").append(v);
        }
        return sb.toString();
    }

    /** A file path, as given (relative paths are resolved against the working directory when read). */
    static ValueParser<String> redisUrl() {
        return new ValueParser<String>() {
            @Override
            public String expectedForm() {
                return "a URL such as redis://host:6379, redis://user:password@host:6379/0 or rediss://host:6380";
            }

            @Override
            public String parse(String text) throws InvalidValueException {
                java.net.URI uri;
                try {
                    uri = new java.net.URI(text);
                } catch (java.net.URISyntaxException e) {
                    throw new InvalidValueException("not a URL");
                }
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("redis") && !scheme.equals("rediss")) {
                    throw new InvalidValueException("the scheme must be redis or rediss");
                }
                if (uri.getHost() == null || uri.getHost().isEmpty()) {
                    throw new InvalidValueException("no host");
                }
                return text;
            }

            @Override
            public String format(String value) {
                return value;
            }
        };
    }

    static ValueParser<String> keyPrefix() {
        return new ValueParser<String>() {
            @Override
            public String expectedForm() {
                return "letters, digits and . _ - : (1 to 64 characters)";
            }

            @Override
            public String parse(String text) throws InvalidValueException {
                if (!text.matches("[A-Za-z0-9._:-]{1,64}")) {
                    throw new InvalidValueException();
                }
                return text;
            }

            @Override
            public String format(String value) {
                return value;
            }
        };
    }

    static ValueParser<String> filePath() {
        return new ValueParser<String>() {
            @Override
            public String expectedForm() {
                return "a file path";
            }

            @Override
            public String parse(String text) throws InvalidValueException {
                if (text.isEmpty() || text.indexOf('\0') >= 0) {
                    throw new InvalidValueException();
                }
                return text;
            }

            @Override
            public String format(String value) {
                return value;
            }
        };
    }
}
