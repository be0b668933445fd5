package dev.llmguard.it.apps;

/**
 * One more header the test apps set on every request, from the system property
 * {@code app.header=name:value} (none when unset): how a test sends, say, {@code x-llm-guard-priority}
 * through any of the clients without an argument of its own in each app.
 */
public final class AppHeader {
    private static final String SPEC = System.getProperty("app.header");

    private AppHeader() {
    }

    /** The header's name, or null when none is set. */
    public static String name() {
        return SPEC == null ? null : SPEC.substring(0, SPEC.indexOf(':')).trim();
    }

    /** The header's value, or null when none is set. */
    public static String value() {
        return SPEC == null ? null : SPEC.substring(SPEC.indexOf(':') + 1).trim();
    }
}
