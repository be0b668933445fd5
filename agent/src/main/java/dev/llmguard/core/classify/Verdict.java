package dev.llmguard.core.classify;

/**
 * What a response means for the request that got it: done, worth retrying, pointless to retry
 * until a human acts (billing, daily quota), or wrong in itself. Immutable; every string in it is
 * short and safe to log.
 */
public final class Verdict {

    public enum Kind {
        /** 1xx-3xx: hand the response to the application. */
        SUCCESS,
        /** Retry, after {@link #serverWait()} when it is known, else after the caller's backoff. */
        RETRYABLE,
        /** Billing or quota exhausted: no retry can succeed soon; fail fast (and tell the quota's other callers). */
        FUTILE,
        /** The request itself is wrong, or the server said not to retry. */
        NOT_RETRYABLE
    }

    static final String PER_DAY = "per-day quota exhausted";
    static final String LIMIT_ZERO = "quota limit 0";

    private final Kind kind;
    private final String reason;
    private final String limitType;
    private final ServerWait wait;
    private final int status;

    private Verdict(Kind kind, String reason, String limitType, ServerWait wait, int status) {
        this.kind = kind;
        this.reason = reason;
        this.limitType = limitType;
        this.wait = wait;
        this.status = status;
    }

    /** Null kind, reason or wait are replaced by NOT_RETRYABLE, {@code "status N"} and {@link ServerWait#NONE}. */
    public static Verdict of(Kind kind, String reason, String limitType, ServerWait wait, int status) {
        return new Verdict(kind == null ? Kind.NOT_RETRYABLE : kind,
                reason == null ? "status " + status : reason,
                limitType,
                wait == null ? ServerWait.NONE : wait,
                status);
    }

    public Kind kind() {
        return kind;
    }

    /**
     * Why, in a few log-safe words: the provider's error code or type ({@code rate_limit_exceeded},
     * {@code insufficient_quota}, {@code overloaded_error}, {@code RESOURCE_EXHAUSTED}), or
     * {@code per-day quota exhausted}, {@code x-should-retry: false}, {@code status 400}.
     */
    public String reason() {
        return reason;
    }

    /** Which limit was hit: {@code requests}, {@code tokens}, {@code input-tokens}, {@code output-tokens}, or null. */
    public String limitType() {
        return limitType;
    }

    /**
     * The server's wait; {@link ServerWait#NONE} when it named none. (Named {@code serverWait}, not
     * {@code wait}: {@code Object.wait()} is final.)
     */
    public ServerWait serverWait() {
        return wait;
    }

    /**
     * A FUTILE answer about this model's own quota (Gemini's per-day quota, a quota of 0 on this
     * tier), which another model may still serve; billing and spend limits hold for every model.
     */
    public boolean modelQuotaExhausted() {
        return kind == Kind.FUTILE && (PER_DAY.equals(reason) || LIMIT_ZERO.equals(reason));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(64).append("Verdict[").append(kind).append(' ').append(status)
                .append(' ').append(reason);
        if (limitType != null) {
            sb.append(" limit=").append(limitType);
        }
        if (wait.isKnown()) {
            sb.append(" wait=").append(wait.millis()).append("ms from ").append(wait.source());
        }
        return sb.append(']').toString();
    }
}
