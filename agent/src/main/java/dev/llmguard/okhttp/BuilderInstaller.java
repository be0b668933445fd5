package dev.llmguard.okhttp;

/** Puts the guard first in an OkHttpClient.Builder's interceptors, exactly once. Implemented per OkHttp class loader. */
public interface BuilderInstaller {
    BuilderInstaller NONE = new BuilderInstaller() {
        @Override
        public void ensureGuardFirst(Object builder) {
        }
    };

    void ensureGuardFirst(Object builder);
}
