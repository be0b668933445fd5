package dev.llmguard.okhttp;

import java.util.List;

/**
 * Puts the guard first in OkHttp's interceptor lists, exactly once. Implemented per OkHttp class
 * loader by the adapter, so only JDK types appear here.
 */
public interface GuardInstaller {
    GuardInstaller NONE = new GuardInstaller() {
        @Override
        public void ensureGuardFirst(Object builder) {
        }

        @Override
        public List<?> withGuardFirst(List<?> interceptors) {
            return interceptors;
        }
    };

    /** Edits an {@code OkHttpClient.Builder}'s live interceptor list. */
    void ensureGuardFirst(Object builder);

    /** A read-only copy of a built client's interceptors with the guard first (the client's own list is immutable). */
    List<?> withGuardFirst(List<?> interceptors);
}
