package dev.llmguard.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A comma-separated list; each entry trimmed and checked by {@link #entry}. Empty entries are
 * skipped (a stray comma is no mistake worth a warning); an empty text is an empty list.
 */
abstract class ListParser implements ValueParser<List<String>> {
    private final String form;

    ListParser(String form) {
        this.form = form;
    }

    /** Host names or *.suffix patterns, stored in lower case (see {@link HostPatternSyntax}). */
    static ValueParser<List<String>> hostList() {
        return new ListParser("a comma-separated list of host names or *.suffix patterns") {
            @Override
            String entry(String e) throws InvalidValueException {
                return HostPatternSyntax.checked(e);
            }
        };
    }

    /** Path endings ("/v1/chat/completions", ":generateContent"); case is kept. */
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

    /** Thread-name patterns: names with {@code *} for any run of characters; case is kept. */
    static ValueParser<List<String>> threadNamePatterns() {
        return new ListParser("a comma-separated list of thread-name patterns such as http-nio-*, qtp*, reactor-http-*") {
            @Override
            String entry(String e) throws InvalidValueException {
                for (int i = 0; i < e.length(); i++) {
                    if (Character.isISOControl(e.charAt(i))) {
                        throw new InvalidValueException("not a thread-name pattern: " + e);
                    }
                }
                return e;
            }
        };
    }

    /** The entry as stored, or why it is not one. */
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

    static String join(List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (String v : values) {
            sb.append(sb.length() == 0 ? "" : ", ").append(v);
        }
        return sb.toString();
    }
}
