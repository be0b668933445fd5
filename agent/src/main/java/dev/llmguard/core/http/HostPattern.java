package dev.llmguard.core.http;

import java.util.Locale;

/**
 * A host name, or a pattern with a leading '*' ("*.openai.azure.com", "*-aiplatform.googleapis.com"),
 * as the settings write them; case is ignored. The '*' stands for at least one character, so a pattern
 * never matches its bare suffix ("openai.azure.com"), and what follows it must end the host, so a
 * lookalike ("api.openai.com.example.org") does not match "api.openai.com".
 *
 * <p>The one place host rules are matched (scope and per-host limits), so they cannot come to disagree.
 * Matching allocates nothing: scope checks run for every request the application makes.
 */
public final class HostPattern {
    /** Lower case, trimmed. */
    private final String text;
    /** What a host must end with for a '*' pattern ("*.a.com" -> ".a.com"); null for an exact name. */
    private final String suffix;

    private HostPattern(String text) {
        this.text = text;
        this.suffix = text.startsWith("*") ? text.substring(1) : null;
    }

    /** @param pattern a host name or '*' pattern; surrounding spaces and case do not count */
    public static HostPattern of(String pattern) {
        return new HostPattern(pattern.trim().toLowerCase(Locale.ROOT));
    }

    /** @param host a bare host name, without a port; any case; null matches nothing */
    public boolean matches(String host) {
        if (host == null) {
            return false;
        }
        if (suffix == null) {
            return host.length() == text.length() && host.regionMatches(true, 0, text, 0, text.length());
        }
        int start = host.length() - suffix.length();
        return start > 0 && host.regionMatches(true, start, suffix, 0, suffix.length());
    }

    @Override
    public String toString() {
        return text;
    }
}
