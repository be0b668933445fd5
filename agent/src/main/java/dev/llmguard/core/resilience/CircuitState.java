package dev.llmguard.core.resilience;

/** Where a circuit stands: calls go through, are answered locally, or wait for one probe's outcome. */
public enum CircuitState {
    CLOSED, OPEN, HALF_OPEN
}
