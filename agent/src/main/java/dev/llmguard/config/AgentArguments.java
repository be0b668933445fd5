package dev.llmguard.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first source: the text after {@code -javaagent:llm-guard.jar=}, as {@code key=value,key=value}; the
 * "llmguard." prefix is optional there.
 */
final class AgentArguments {

    private AgentArguments() {
    }

    /**
     * Adds each known key's value to {@code into}. A comma-separated piece without '=' continues the
     * previous value, so list values can contain commas. Unknown keys, pieces that are no key=value and
     * keys given twice become problems.
     */
    static void read(String args, KnownKeys keys, RawValues into, List<String> problems) {
        if (args == null || args.trim().isEmpty()) {
            return;
        }
        Map<String, String> given = new LinkedHashMap<String, String>();
        for (String group : groups(args)) {
            int eq = group.indexOf('=');
            String name = eq < 0 ? "" : group.substring(0, eq).trim();
            if (name.isEmpty()) {
                if (!group.replace(",", "").trim().isEmpty()) {
                    problems.add("llm-guard: ignoring agent argument \"" + ShownText.of(group.trim())
                            + "\": expected key=value pairs separated by commas");
                }
                continue;
            }
            String value = group.substring(eq + 1);
            ConfigKey<?> key = keys.named(name.startsWith(ConfigKeys.PREFIX) ? name : ConfigKeys.PREFIX + name);
            if (key == null) {
                problems.add(keys.unknown(name, ConfigSource.AGENT_ARGUMENTS, !name.startsWith(ConfigKeys.PREFIX)));
                continue;
            }
            if (given.containsKey(key.name())) {
                problems.add("llm-guard: " + key.name() + " is given more than once in agent arguments;"
                        + " the last one counts");
            }
            given.put(key.name(), value);
        }
        for (ConfigKey<?> k : keys.all()) {
            if (given.containsKey(k.name())) {
                into.add(k, ConfigSource.AGENT_ARGUMENTS, given.get(k.name()));
            }
        }
    }

    /** The arguments split at commas, each piece without '=' joined back onto the one before. */
    private static List<String> groups(String args) {
        List<StringBuilder> groups = new ArrayList<StringBuilder>();
        for (String piece : args.split(",", -1)) {
            if (piece.indexOf('=') >= 0 || groups.isEmpty()) {
                groups.add(new StringBuilder(piece));
            } else if (piece.trim().isEmpty()) {
                continue; // "a=1," or "x.example,,y.example": a stray comma, not part of the value
            } else {
                groups.get(groups.size() - 1).append(',').append(piece);
            }
        }
        List<String> out = new ArrayList<String>(groups.size());
        for (StringBuilder g : groups) {
            out.add(g.toString());
        }
        return out;
    }
}
