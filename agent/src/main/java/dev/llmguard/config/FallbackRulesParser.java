package dev.llmguard.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fallback rules, {@code MODEL -> FALLBACK[, FALLBACK...]; MODEL -> ...}. A model may not fall back
 * to itself or name a fallback twice, and each model has one rule. Model names are what the
 * requests carry: letters, digits and {@code . - _ : / @}.
 */
final class FallbackRulesParser implements ValueParser<Map<String, List<String>>> {
    static final String EXAMPLE = "gpt-4o -> gpt-4o-mini, gpt-4.1-mini; claude-opus-4-1 -> claude-sonnet-4-5";

    @Override
    public String expectedForm() {
        return "rules separated by ';', each MODEL -> FALLBACK[, FALLBACK...], such as " + EXAMPLE;
    }

    @Override
    public Map<String, List<String>> parse(String text) throws InvalidValueException {
        Map<String, List<String>> rules = new LinkedHashMap<String, List<String>>();
        for (String part : text.split(";")) {
            String rule = part.trim();
            if (rule.isEmpty()) {
                continue;
            }
            int arrow = rule.indexOf("->");
            if (arrow < 0) {
                throw new InvalidValueException("'" + rule + "' has no '->' between the model and its fallbacks");
            }
            String model = modelName(rule.substring(0, arrow).trim(), rule);
            if (rules.containsKey(model)) {
                throw new InvalidValueException(model + " has two rules; put all its fallbacks in one, in order");
            }
            List<String> fallbacks = new ArrayList<String>();
            for (String f : rule.substring(arrow + 2).split(",", -1)) {
                String name = f.trim();
                if (name.isEmpty()) {
                    continue;
                }
                name = modelName(name, rule);
                if (name.equals(model)) {
                    throw new InvalidValueException(model + " cannot fall back to itself");
                }
                if (fallbacks.contains(name)) {
                    throw new InvalidValueException(model + " names " + name + " twice");
                }
                fallbacks.add(name);
            }
            if (fallbacks.isEmpty()) {
                throw new InvalidValueException("'" + rule + "' names no fallback after '->'");
            }
            rules.put(model, Collections.unmodifiableList(fallbacks));
        }
        return Collections.unmodifiableMap(rules);
    }

    private static String modelName(String name, String rule) throws InvalidValueException {
        if (name.isEmpty()) {
            throw new InvalidValueException("'" + rule + "' has an empty model name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_' || c == ':' || c == '/' || c == '@';
            if (!ok) {
                throw new InvalidValueException("'" + name + "' is not a model name (letters, digits and . - _ : / @ only)");
            }
        }
        return name;
    }

    @Override
    public String format(Map<String, List<String>> value) {
        if (value.isEmpty()) {
            return "(none)";
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<String>> e : value.entrySet()) {
            sb.append(sb.length() == 0 ? "" : "; ").append(e.getKey()).append(" -> ");
            for (int i = 0; i < e.getValue().size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(e.getValue().get(i));
            }
        }
        return sb.toString();
    }
}
