package dev.llmguard.core.resilience;

/** A circuit's answer to a new call: send it, send it as the one probe, or answer it locally. */
public final class CircuitPermit {
    public static final CircuitPermit CALL = new CircuitPermit(Kind.CALL, 0);
    public static final CircuitPermit PROBE = new CircuitPermit(Kind.PROBE, 0);

    enum Kind { CALL, PROBE, REFUSED }

    private final Kind kind;
    private final long retryAfterMillis;

    private CircuitPermit(Kind kind, long retryAfterMillis) {
        this.kind = kind;
        this.retryAfterMillis = retryAfterMillis;
    }

    static CircuitPermit refused(long retryAfterMillis) {
        return new CircuitPermit(Kind.REFUSED, Math.max(0, retryAfterMillis));
    }

    public boolean isRefused() {
        return kind == Kind.REFUSED;
    }

    /** This call decides whether a half-open circuit closes: it gets one attempt. */
    public boolean isProbe() {
        return kind == Kind.PROBE;
    }

    /** When the circuit may let calls through again (the rest of its cooldown); 0 unless refused. */
    public long retryAfterMillis() {
        return retryAfterMillis;
    }

    @Override
    public String toString() {
        return kind == Kind.REFUSED ? "refused for " + retryAfterMillis + " ms" : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
