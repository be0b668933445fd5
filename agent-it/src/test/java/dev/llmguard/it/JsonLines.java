package dev.llmguard.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The agent's JSON log lines, as a log pipeline parses them. */
final class JsonLines {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonLines() {
    }

    static boolean parses(String line) {
        try {
            JsonNode node = MAPPER.readTree(line);
            return node.isObject() && node.has("time") && node.has("level") && node.has("event") && node.has("message");
        } catch (Exception e) {
            return false;
        }
    }
}
