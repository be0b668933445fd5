package dev.llmguard.core.throttle;

import java.util.concurrent.Semaphore;

/**
 * One request's way through its quota before one attempt, advanced step by step by
 * {@link Quota#advance} so that the caller does the waiting: a blocking caller parks, an
 * asynchronous one schedules the next step on a timer. It ends granted (holding what must be given
 * back when the attempt ends: {@link #release()}) or refused (waiting would take too long).
 */
public final class Admission {
    /** Granted with nothing held: the quota has no limits, or throttling is off. */
    public static final Admission FREE = new Admission(null, TokenEstimate.NONE, 0, true);

    enum Phase { PROBE, PAUSE, TENANT, BUCKETS, CONCURRENCY, GRANTED, REFUSED }

    final Quota quota;
    /** What the request is expected to cost; charged at the quota's calibration when it is reserved and again when let go. */
    final TokenEstimate estimate;
    final long deadlineNanos;
    /** Interactive requests go first; background ones wait while interactive ones are waiting. */
    final boolean interactive;
    Phase phase;
    boolean holdsProbe;
    Semaphore heldConcurrency;
    PacedBucket requestsReservedIn;
    PacedBucket tokensReservedIn;
    /** When the request was let go (System.nanoTime), 0 until then. */
    long grantedAtNanos;
    long tokensReserved;
    long tokensCharged;
    /** Output tokens limited apart: the bucket they were reserved in, from max_tokens, and how many. */
    PacedBucket outputReservedIn;
    long outputReserved;
    /** The request's tenant when the quota is split by tenant, else null; counted as waiting until granted or abandoned. */
    TenantShares.Tenant tenant;
    boolean doneWaiting;
    PacedBucket tenantRequestsIn;
    PacedBucket tenantTokensIn;
    long tenantTokensReserved;
    private long refusalWaitMillis;
    private String refusalReason;
    private String limitType;
    private boolean released;

    Admission(Quota quota, TokenEstimate estimate, long deadlineNanos, boolean interactive) {
        this.quota = quota;
        this.estimate = estimate;
        this.interactive = interactive;
        this.deadlineNanos = deadlineNanos;
        this.phase = quota == null ? Phase.GRANTED : Phase.PROBE;
    }

    void refuse(long waitMillis, String reason, String limitType) {
        this.phase = Phase.REFUSED;
        this.refusalWaitMillis = Math.max(1, waitMillis);
        this.refusalReason = reason;
        this.limitType = limitType;
    }

    /** The quota this admission goes through; null for {@link #FREE}. */
    public Quota quota() {
        return quota;
    }

    /** True once the request may go. */
    public boolean isGranted() {
        return phase == Phase.GRANTED;
    }

    public boolean isRefused() {
        return phase == Phase.REFUSED;
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

    /** After the attempt: gives back the probe and the concurrency slot; idempotent. */
    public void release() {
        if (released || quota == null) {
            return;
        }
        released = true;
        quota.release(this);
    }

    /**
     * The request will not be sent (cancelled or interrupted while waiting, refused): gives back
     * the bucket reservations too, then releases. Idempotent; nothing to do once granted and sent.
     */
    public void abandon() {
        if (released || quota == null) {
            return;
        }
        if (phase != Phase.GRANTED) {
            quota.refund(this);
        }
        release();
    }
}
