package dev.llmguard.core.throttle;

/**
 * The outcome of waiting for a quota before one attempt: granted (holding what must be given back
 * when the attempt ends) or refused (waiting would take too long).
 */
public final class Admission {
    /** Granted with nothing held: the quota has no limits, or throttling is off. */
    public static final Admission FREE = new Admission(null, 0, null, null);

    private final Quota quota;
    private final long refusalWaitMillis;
    private final String refusalReason;
    private final String limitType;
    boolean holdsProbe;
    java.util.concurrent.Semaphore heldConcurrency;
    long tokensCharged;
    private boolean released;

    private Admission(Quota quota, long refusalWaitMillis, String refusalReason, String limitType) {
        this.quota = quota;
        this.refusalWaitMillis = refusalWaitMillis;
        this.refusalReason = refusalReason;
        this.limitType = limitType;
    }

    static Admission granted(Quota quota) {
        return new Admission(quota, 0, null, null);
    }

    static Admission refused(long waitMillis, String reason, String limitType) {
        return new Admission(null, Math.max(1, waitMillis), reason, limitType);
    }

    public boolean isRefused() {
        return refusalReason != null;
    }

    /** How long the quota needs before this request could go: the Retry-After of a local refusal. */
    public long refusalWaitMillis() {
        return refusalWaitMillis;
    }

    public String refusalReason() {
        return refusalReason;
    }

    /** "requests", "tokens" or null. */
    public String limitType() {
        return limitType;
    }

    public long tokensCharged() {
        return tokensCharged;
    }

    /** Gives back the probe and the concurrency slot; idempotent. */
    public void release() {
        if (released || quota == null) {
            return;
        }
        released = true;
        quota.release(this);
    }
}
