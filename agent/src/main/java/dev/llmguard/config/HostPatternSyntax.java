package dev.llmguard.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a host name or pattern in the settings may look like: "api.openai.com", "localhost",
 * "10.0.0.5", "[::1]", or a leading '*' ("*.openai.azure.com", "*-aiplatform.googleapis.com").
 * Checked when the settings are read, so a typo such as a URL is reported instead of never matching.
 */
final class HostPatternSyntax {
    private static final Pattern HOST_PATTERN = Pattern.compile(
            "(\\*[.-])?[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?|\\[[0-9a-f:.]+\\]");

    private HostPatternSyntax() {
    }

    /** The name or pattern in lower case, as stored. */
    static String checked(String text) throws InvalidValueException {
        String lower = text.toLowerCase(Locale.ROOT);
        if (!HOST_PATTERN.matcher(lower).matches() || lower.contains("..")) {
            throw new InvalidValueException("not a host name or pattern: " + text);
        }
        return lower;
    }
}
