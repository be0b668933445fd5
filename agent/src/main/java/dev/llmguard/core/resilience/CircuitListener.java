package dev.llmguard.core.resilience;

/** Told of every change of a circuit's state, once (for the log). */
public interface CircuitListener {
    /** @param why what caused it, log-safe: "5 calls in a row failed (last: 503)", "the probe got 200" */
    void circuitChanged(CircuitBreaker circuit, CircuitState from, CircuitState to, String why);
}
