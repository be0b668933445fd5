package dev.llmguard.core.guard;

import dev.llmguard.config.PriorityConfig;
import dev.llmguard.config.PriorityConfig.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A request's priority: the one its {@code x-llm-guard-priority} header names, else interactive
 * when it is made on a thread whose name matches {@code llmguard.priority.interactive-threads},
 * else {@code llmguard.priority.default}.
 */
public final class PriorityRules {
    /** Set by the application; the adapters remove it before the request is sent. */
    public static final String HEADER = "x-llm-guard-priority";

    private final Priority defaultPriority;
    private final List<String[]> threadPatterns = new ArrayList<String[]>();

    PriorityRules(PriorityConfig config) {
        this.defaultPriority = config.defaultPriority();
        for (String pattern : config.interactiveThreads()) {
            threadPatterns.add(pattern.split("\\*", -1));
        }
    }

    /** @param headerValue the request's {@code x-llm-guard-priority}, or null; a value it does not know is ignored */
    Priority of(String headerValue, String threadName) {
        Priority named = named(headerValue);
        if (named != null) {
            return named;
        }
        for (String[] parts : threadPatterns) {
            if (matches(parts, threadName)) {
                return Priority.INTERACTIVE;
            }
        }
        return defaultPriority;
    }

    /** True for a header value that names no priority. */
    static boolean unknown(String headerValue) {
        return headerValue != null && named(headerValue) == null;
    }

    /** The priority a header value names (any case, spaces around ignored), or null. */
    private static Priority named(String headerValue) {
        if (headerValue == null) {
            return null;
        }
        String v = headerValue.trim().toLowerCase(Locale.ROOT);
        return v.equals("interactive") ? Priority.INTERACTIVE : v.equals("background") ? Priority.BACKGROUND : null;
    }

    /** A glob whose only wildcard is {@code *}, split at each {@code *}. */
    static boolean matches(String[] parts, String name) {
        if (parts.length == 1) {
            return name.equals(parts[0]);
        }
        if (!name.startsWith(parts[0])) {
            return false;
        }
        int from = parts[0].length();
        for (int i = 1; i < parts.length - 1; i++) {
            int at = name.indexOf(parts[i], from);
            if (at < 0) {
                return false;
            }
            from = at + parts[i].length();
        }
        String last = parts[parts.length - 1];
        return name.length() - from >= last.length() && name.endsWith(last);
    }
}
