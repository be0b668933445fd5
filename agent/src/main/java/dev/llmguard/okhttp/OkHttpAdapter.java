package dev.llmguard.okhttp;

import java.util.List;

/**
 * What the agent does inside one copy of OkHttp. Implemented per OkHttp class loader by the
 * adapter, so only JDK types appear here.
 */
public interface OkHttpAdapter {
    OkHttpAdapter NONE = new OkHttpAdapter() {
        @Override
        public void ensureGuardFirst(Object builder) {
        }

        @Override
        public List<?> withGuardFirst(List<?> interceptors) {
            return interceptors;
        }

        @Override
        public List<?> withCounterLast(List<?> networkInterceptors) {
            return networkInterceptors;
        }

        @Override
        public boolean enqueue(Object call, Object callback) {
            return false;
        }

        @Override
        public void canceled(Object call) {
        }
    };

    /** Edits an {@code OkHttpClient.Builder}'s live interceptor lists: the guard first, the send counter last. */
    void ensureGuardFirst(Object builder);

    /** A read-only copy of a built client's interceptors with the guard first (the client's own list is immutable). */
    List<?> withGuardFirst(List<?> interceptors);

    /** A read-only copy of a built client's network interceptors with the guard's send counter last. */
    List<?> withCounterLast(List<?> networkInterceptors);

    /**
     * Takes over {@code call.enqueue(callback)} when the call is in scope: its attempts then run
     * on the core's asynchronous loop. False: OkHttp enqueues it as always.
     */
    boolean enqueue(Object call, Object callback);

    /** The application cancelled {@code call}: cancels the attempt in flight for it, if any. */
    void canceled(Object call);
}
