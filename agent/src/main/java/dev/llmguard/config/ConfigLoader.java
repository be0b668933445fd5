package dev.llmguard.config;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads the agent's settings. Sources, first wins per key: agent arguments, system properties
 * {@code llmguard.*}, environment variables {@code LLMGUARD_*}, the properties file named by
 * {@code llmguard.config-file}, then the defaults. Invalid values, unknown keys and an unreadable file
 * become messages in {@link LoadedConfig#problems()}; nothing throws.
 */
public final class ConfigLoader {

    /** Values in messages are cut to this many characters. */
    static final int MAX_SHOWN_CHARS = 60;

    private ConfigLoader() {
    }

    /** Loads from the real system properties and environment. */
    public static LoadedConfig loadFromSystem(String agentArgs) {
        Map<String, String> sys = new HashMap<String, String>();
        Map<String, String> env = Collections.emptyMap();
        List<String> problems = new ArrayList<String>();
        try {
            for (String name : System.getProperties().stringPropertyNames()) {
                if (name.startsWith(ConfigKeys.PREFIX)) {
                    String v = System.getProperty(name);
                    if (v != null) {
                        sys.put(name, v);
                    }
                }
            }
        } catch (RuntimeException e) {
            problems.add("llm-guard: cannot read system properties (" + e + "); ignoring them");
        }
        try {
            env = System.getenv();
        } catch (RuntimeException e) {
            problems.add("llm-guard: cannot read environment variables (" + e + "); ignoring them");
        }
        LoadedConfig loaded = load(agentArgs, sys, env);
        if (problems.isEmpty()) {
            return loaded;
        }
        problems.addAll(loaded.problems());
        List<LoadedConfig.Entry> entries = new ArrayList<LoadedConfig.Entry>();
        for (ConfigKey<?> k : ConfigKeys.all()) {
            entries.add(new LoadedConfig.Entry(k, k.valueText(loaded.config()), loaded.sourceOf(k)));
        }
        return new LoadedConfig(loaded.config(), problems, entries);
    }

    /**
     * Loads from the given sources without touching the real environment (except to read the config
     * file, when one is named). Null arguments count as empty.
     */
    public static LoadedConfig load(String agentArgs, Map<String, String> systemProperties,
                                    Map<String, String> environment) {
        return load(ConfigKeys.all(), ConfigKeys.constraints(), agentArgs, systemProperties, environment);
    }

    static LoadedConfig load(List<ConfigKey<?>> keys, List<ConfigConstraint<?>> constraints, String agentArgs,
                             Map<String, String> systemProperties, Map<String, String> environment) {
        try {
            return new Run(keys, constraints).run(agentArgs,
                    systemProperties == null ? Collections.<String, String>emptyMap() : systemProperties,
                    environment == null ? Collections.<String, String>emptyMap() : environment);
        } catch (RuntimeException e) {
            List<LoadedConfig.Entry> entries = new ArrayList<LoadedConfig.Entry>();
            GuardConfig defaults = GuardConfig.defaults();
            for (ConfigKey<?> k : keys) {
                entries.add(new LoadedConfig.Entry(k, k.valueText(defaults), ConfigSource.DEFAULT));
            }
            return new LoadedConfig(defaults, Collections.singletonList(
                    "llm-guard: could not read the configuration (" + e.getClass().getName() + "); using the defaults"),
                    entries);
        }
    }

    /** Makes a value fit for a one-line message: control characters escaped, cut to 60 characters. */
    static String shown(String text) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (Character.isISOControl(c)) {
                sb.append('?');
            } else {
                sb.append(c);
            }
        }
        if (sb.length() > MAX_SHOWN_CHARS) {
            return sb.substring(0, MAX_SHOWN_CHARS - 3) + "...";
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ one load

    /** A value as found in one source, before parsing. */
    private static final class Raw {
        final ConfigSource source;
        final String text;

        Raw(ConfigSource source, String text) {
            this.source = source;
            this.text = text;
        }
    }

    private static final class Candidate<T> {
        final ConfigSource source;
        final String raw;
        final T value;
        String rejection;

        Candidate(ConfigSource source, String raw, T value, String rejection) {
            this.source = source;
            this.raw = raw;
            this.value = value;
            this.rejection = rejection;
        }
    }

    /** A key's values from all sources in precedence order, the default last; the first not rejected wins. */
    private static final class Resolution<T> {
        final ConfigKey<T> key;
        final List<Candidate<T>> candidates = new ArrayList<Candidate<T>>();

        Resolution(ConfigKey<T> key) {
            this.key = key;
        }

        Candidate<T> chosen() {
            for (Candidate<T> c : candidates) {
                if (c.rejection == null) {
                    return c;
                }
            }
            throw new IllegalStateException("default rejected for " + key);
        }

        List<Candidate<T>> valid() {
            List<Candidate<T>> out = new ArrayList<Candidate<T>>();
            for (Candidate<T> c : candidates) {
                if (c.rejection == null) {
                    out.add(c);
                }
            }
            return out;
        }
    }

    private static final class Run {
        private final List<ConfigKey<?>> keys;
        private final List<ConfigConstraint<?>> constraints;
        private final Map<String, ConfigKey<?>> byName = new HashMap<String, ConfigKey<?>>();
        private final Map<String, ConfigKey<?>> byEnvName = new HashMap<String, ConfigKey<?>>();
        private final Map<String, List<Raw>> raws = new HashMap<String, List<Raw>>();
        private final Map<String, Resolution<?>> resolutions = new HashMap<String, Resolution<?>>();
        private final List<String> problems = new ArrayList<String>();
        private final GuardConfig defaults = GuardConfig.defaults();

        Run(List<ConfigKey<?>> keys, List<ConfigConstraint<?>> constraints) {
            this.keys = keys;
            this.constraints = constraints;
            for (ConfigKey<?> k : keys) {
                byName.put(k.name(), k);
                byEnvName.put(k.envName(), k);
            }
        }

        LoadedConfig run(String agentArgs, Map<String, String> sys, Map<String, String> env) {
            readAgentArguments(agentArgs);
            readSystemProperties(sys);
            readEnvironment(env);
            readConfigFile();

            for (ConfigKey<?> k : keys) {
                if (!resolutions.containsKey(k.name())) {
                    resolutions.put(k.name(), resolve(k));
                }
            }
            for (ConfigConstraint<?> c : constraints) {
                enforce(c);
            }

            GuardConfig.Builder builder = GuardConfig.builder();
            List<LoadedConfig.Entry> entries = new ArrayList<LoadedConfig.Entry>();
            for (ConfigKey<?> k : keys) {
                Resolution<?> r = resolutions.get(k.name());
                entries.add(applyAndReport(r, builder));
            }
            return new LoadedConfig(builder.build(), problems, entries);
        }

        // ---- sources

        private void addRaw(ConfigKey<?> key, ConfigSource source, String text) {
            List<Raw> list = raws.get(key.name());
            if (list == null) {
                list = new ArrayList<Raw>();
                raws.put(key.name(), list);
            }
            list.add(new Raw(source, text));
        }

        /**
         * {@code key=value,key=value}; the "llmguard." prefix is optional. A comma-separated piece without
         * '=' continues the previous value, so list values can contain commas.
         */
        private void readAgentArguments(String args) {
            if (args == null || args.trim().isEmpty()) {
                return;
            }
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
            Map<String, String> given = new LinkedHashMap<String, String>();
            for (StringBuilder g : groups) {
                String group = g.toString();
                int eq = group.indexOf('=');
                String name = eq < 0 ? "" : group.substring(0, eq).trim();
                if (name.isEmpty()) {
                    if (!group.replace(",", "").trim().isEmpty()) {
                        problems.add("llm-guard: ignoring agent argument \"" + shown(group.trim())
                                + "\": expected key=value pairs separated by commas");
                    }
                    continue;
                }
                String value = group.substring(eq + 1);
                ConfigKey<?> key = byName.get(name.startsWith(ConfigKeys.PREFIX) ? name : ConfigKeys.PREFIX + name);
                if (key == null) {
                    problems.add(unknown(name, ConfigSource.AGENT_ARGUMENTS,
                            suggestFor(name, !name.startsWith(ConfigKeys.PREFIX))));
                    continue;
                }
                if (given.containsKey(key.name())) {
                    problems.add("llm-guard: " + key.name() + " is given more than once in agent arguments;"
                            + " the last one counts");
                }
                given.put(key.name(), value);
            }
            for (ConfigKey<?> k : keys) {
                if (given.containsKey(k.name())) {
                    addRaw(k, ConfigSource.AGENT_ARGUMENTS, given.get(k.name()));
                }
            }
        }

        private void readSystemProperties(Map<String, String> sys) {
            for (ConfigKey<?> k : keys) {
                String v = sys.get(k.name());
                if (v != null) {
                    addRaw(k, ConfigSource.SYSTEM_PROPERTY, v);
                }
            }
            for (String name : new TreeMap<String, String>(sys).keySet()) {
                if (name.startsWith(ConfigKeys.PREFIX) && !byName.containsKey(name)) {
                    problems.add(unknown(name, ConfigSource.SYSTEM_PROPERTY, suggestFor(name, false)));
                }
            }
        }

        private void readEnvironment(Map<String, String> env) {
            for (ConfigKey<?> k : keys) {
                String v = env.get(k.envName());
                if (v != null) {
                    addRaw(k, ConfigSource.ENVIRONMENT, v);
                }
            }
            for (String name : new TreeMap<String, String>(env).keySet()) {
                if (name.startsWith(ConfigKeys.ENV_PREFIX) && !byEnvName.containsKey(name)) {
                    problems.add(unknown(name, ConfigSource.ENVIRONMENT, suggestEnv(name)));
                }
            }
        }

        @SuppressWarnings("unchecked")
        private void readConfigFile() {
            ConfigKey<String> fileKey = (ConfigKey<String>) byName.get(ConfigKeys.CONFIG_FILE.name());
            if (fileKey == null) {
                return;
            }
            Resolution<String> r = resolve(fileKey);
            resolutions.put(fileKey.name(), r);
            Candidate<String> chosen = r.chosen();
            if (chosen.value == null) {
                return;
            }
            String path = chosen.value;
            ConfigSource source = ConfigSource.configFile(path);
            Properties props = new Properties();
            String cannot = "llm-guard: cannot read config file " + path + " (named by "
                    + chosen.source.labelFor(fileKey) + "): ";
            try {
                File file = new File(path);
                if (!file.exists()) {
                    problems.add(cannot + "no such file; continuing without it");
                    return;
                }
                if (file.isDirectory()) {
                    problems.add(cannot + "it is a directory; continuing without it");
                    return;
                }
                props.load(new StringReader(decode(Files.readAllBytes(file.toPath()))));
            } catch (IOException e) {
                problems.add(cannot + e + "; continuing without it");
                return;
            } catch (RuntimeException e) {
                problems.add(cannot + e + "; continuing without it");
                return;
            }
            for (ConfigKey<?> k : keys) {
                String v = props.getProperty(k.name());
                if (v == null) {
                    continue;
                }
                if (k == fileKey) {
                    problems.add("llm-guard: ignoring " + k.name() + " in " + source.label()
                            + ": a config file cannot name another one");
                } else {
                    addRaw(k, source, v);
                }
            }
            for (String name : new TreeMap<Object, Object>(props).keySet().toArray(new String[0])) {
                if (!byName.containsKey(name)) {
                    problems.add(unknown(name, source, suggestFor(name, false)));
                }
            }
        }

        /** Strict UTF-8, or ISO-8859-1 (the classic properties encoding) when the bytes are not UTF-8. */
        private static String decode(byte[] bytes) {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                return new String(bytes, StandardCharsets.ISO_8859_1);
            }
        }

        // ---- resolution

        private <T> Resolution<T> resolve(ConfigKey<T> key) {
            Resolution<T> r = new Resolution<T>(key);
            List<Raw> list = raws.get(key.name());
            if (list != null) {
                for (Raw raw : list) {
                    try {
                        r.candidates.add(new Candidate<T>(raw.source, raw.text, key.parse(raw.text), null));
                    } catch (InvalidValueException e) {
                        r.candidates.add(new Candidate<T>(raw.source, raw.text, null,
                                e.reason(key.expectedForm(), key.isSecret())));
                    }
                }
            }
            r.candidates.add(new Candidate<T>(ConfigSource.DEFAULT, null, key.valueIn(defaults), null));
            return r;
        }

        @SuppressWarnings("unchecked")
        private <T extends Comparable<? super T>> void enforce(ConfigConstraint<T> c) {
            Resolution<T> high = (Resolution<T>) resolutions.get(c.high.name());
            Resolution<T> low = (Resolution<T>) resolutions.get(c.low.name());
            if (high == null || low == null) {
                return;
            }
            // Keep the low key's value of highest precedence that some high value satisfies, and with it the
            // first such high value; every valid value passed over is rejected with the reason.
            List<Candidate<T>> lows = low.valid();
            List<Candidate<T>> highs = high.valid();
            for (int i = 0; i < lows.size(); i++) {
                for (int j = 0; j < highs.size(); j++) {
                    if (c.holds(highs.get(j).value, lows.get(i).value)) {
                        for (int a = 0; a < i; a++) {
                            lows.get(a).rejection = c.lowRejection(highs.get(j).value);
                        }
                        for (int b = 0; b < j; b++) {
                            highs.get(b).rejection = c.highRejection(lows.get(i).value);
                        }
                        return;
                    }
                }
            }
            // Not even the defaults agree: leave the values as they are.
        }

        private <T> LoadedConfig.Entry applyAndReport(Resolution<T> r, GuardConfig.Builder builder) {
            ConfigKey<T> key = r.key;
            Candidate<T> chosen = r.chosen();
            if (chosen.source != ConfigSource.DEFAULT) {
                key.apply(builder, chosen.value);
            }
            String using = key.display(chosen.value)
                    + (chosen.source == ConfigSource.DEFAULT ? "" : " from " + chosen.source.labelFor(key));
            for (Candidate<T> c : r.candidates) {
                if (c.rejection != null) {
                    problems.add("llm-guard: ignoring " + c.source.nameFor(key) + "=" + shown(key.redact(c.raw))
                            + " from " + c.source.label() + ": " + c.rejection + "; using " + using);
                }
            }
            return new LoadedConfig.Entry(key, key.display(chosen.value), chosen.source);
        }

        // ---- unknown keys

        private static String unknown(String name, ConfigSource source, String suggestion) {
            return "llm-guard: unknown key " + shown(name) + " (" + source.label() + ")"
                    + (suggestion == null ? "" : "; did you mean " + suggestion + "?");
        }

        /**
         * The closest known key to {@code name}, written like it (without the prefix when
         * {@code withoutPrefix}), or null when none is close.
         */
        private String suggestFor(String name, boolean withoutPrefix) {
            String typed = name.startsWith(ConfigKeys.PREFIX) ? name.substring(ConfigKeys.PREFIX.length()) : name;
            List<String> known = new ArrayList<String>();
            for (ConfigKey<?> k : keys) {
                known.add(k.shortName());
            }
            int i = closest(typed, known, '.');
            if (i < 0) {
                return null;
            }
            ConfigKey<?> k = keys.get(i);
            return withoutPrefix ? k.shortName() : k.name();
        }

        private String suggestEnv(String name) {
            String typed = name.substring(ConfigKeys.ENV_PREFIX.length());
            List<String> known = new ArrayList<String>();
            for (ConfigKey<?> k : keys) {
                known.add(k.envName().substring(ConfigKeys.ENV_PREFIX.length()));
            }
            int i = closest(typed, known, '_');
            return i < 0 ? null : keys.get(i).envName();
        }
    }

    /**
     * Index of the known name closest to {@code typed}: same ignoring case; else the smallest edit distance
     * when small for the length; else one that ends with the typed name as whole segments (a missing
     * group such as "max-attempts" for "retry.max-attempts"). -1 when none.
     */
    static int closest(String typed, List<String> known, char separator) {
        String t = typed.toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            return -1;
        }
        int best = -1;
        int bestDistance = Integer.MAX_VALUE;
        for (int i = 0; i < known.size(); i++) {
            int d = levenshtein(t, known.get(i).toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = i;
                bestDistance = d;
            }
        }
        if (best >= 0 && bestDistance <= Math.max(2, t.length() / 4)) {
            return best;
        }
        for (int i = 0; i < known.size(); i++) {
            String k = known.get(i).toLowerCase(Locale.ROOT);
            if (k.endsWith(separator + t) || t.endsWith(separator + k)) {
                return i;
            }
        }
        return -1;
    }

    static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] tmp = prev;
            prev = cur;
            cur = tmp;
        }
        return prev[b.length()];
    }
}
