package dev.llmguard.sdk;

/** Which libraries sit on a framework's class path: decides whether the guard sees the requests its HTTP client sends. */
final class ClassPath {
    private ClassPath() {
    }

    /** The first of {@code names} that {@code loader} can load (without initialising it), or null. */
    static String firstPresent(ClassLoader loader, String... names) {
        for (String name : names) {
            try {
                Class.forName(name, false, loader);
                return name;
            } catch (Throwable ignored) {
                // not on the class path
            }
        }
        return null;
    }
}
