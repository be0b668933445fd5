package dev.llmguard.okhttp;

/** Marks the guard's network interceptor, whichever class loader defined it, so copies are recognised and removed. */
public interface SendCounterMarker {
}
