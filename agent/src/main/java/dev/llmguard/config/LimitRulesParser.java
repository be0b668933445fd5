package dev.llmguard.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Limits per name, {@code name: limits; name: limits}, where a name is a host pattern or a model name.
 * The rules keep their order: host rules are applied in it.
 */
final class LimitRulesParser implements ValueParser<Map<String, Limits>> {
    private final String example;
    private final boolean hosts;

    /** @param hosts whether the names are host patterns (checked and stored in lower case) rather than models */
    LimitRulesParser(String example, boolean hosts) {
        this.example = example;
        this.hosts = hosts;
    }

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
                name = HostPatternSyntax.checked(name.toLowerCase(Locale.ROOT));
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
}
