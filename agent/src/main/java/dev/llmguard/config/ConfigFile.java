package dev.llmguard.config;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The fourth source: the properties file named by {@code llmguard.config-file} in one of the sources
 * before it. A file that cannot be read is a problem, never a failure: the agent starts without it.
 */
final class ConfigFile {

    private ConfigFile() {
    }

    /**
     * Adds each known key's value in the file at {@code path} to {@code into}.
     *
     * @param fileKey the key that named the file: the file cannot name another one
     * @param namedBy where the path came from, for messages ("system property")
     */
    static void read(String path, ConfigKey<String> fileKey, String namedBy, KnownKeys keys, RawValues into,
                     List<String> problems) {
        ConfigSource source = ConfigSource.configFile(path);
        String cannot = "llm-guard: cannot read config file " + path + " (named by " + namedBy + "): ";
        Properties props = new Properties();
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
        for (ConfigKey<?> k : keys.all()) {
            String v = props.getProperty(k.name());
            if (v == null) {
                continue;
            }
            if (k == fileKey) {
                problems.add("llm-guard: ignoring " + k.name() + " in " + source.label()
                        + ": a config file cannot name another one");
            } else {
                into.add(k, source, v);
            }
        }
        for (String name : new TreeMap<Object, Object>(props).keySet().toArray(new String[0])) {
            if (!keys.hasName(name)) {
                problems.add(keys.unknown(name, source, false));
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
}
