package dev.llmguard.core.throttle;

import dev.llmguard.core.exchange.CallControl;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The way of an {@link Admission} through one quota, step by step: the probe while the limits are
 * being learned (one request at a time: a burst of unpaced requests is what produces a burst of
 * 429s), the pause after a 429, the buckets, the concurrency bound. Each step either goes on, tells
 * the caller how long to wait before the next call, or refuses when waiting would take too long.
 */
final class AdmissionSteps {
    /** How often a request waiting for the probe or a concurrency slot looks again. */
    private static final long SLICE_MILLIS = 10;

    private final Semaphore probe = new Semaphore(1, true);
    private final LimitLearning learning;
    private final QuotaPacing pacing;
    private final QuotaPause pause;
    private final TokenCalibration calibration;
    private final InteractiveTraffic interactive;
    /** Null unless the quota is split by tenant. */
    private final TenantShares tenants;

    AdmissionSteps(LimitLearning learning, QuotaPacing pacing, QuotaPause pause, TokenCalibration calibration,
                   InteractiveTraffic interactive, TenantShares tenants) {
        this.learning = learning;
        this.pacing = pacing;
        this.pause = pause;
        this.calibration = calibration;
        this.interactive = interactive;
        this.tenants = tenants;
    }

    /** See {@link Quota#advance}. */
    long advance(Admission a, CallControl parkWith) throws IOException {
        switch (a.phase) {
            case PROBE:
                if (learning.isLearning()) {
                    learning.adoptSharedLimits();
                }
                if (learning.isLearning() && !a.holdsProbe) {
                    if (probe.tryAcquire()) {
                        if (learning.isLearning()) {
                            a.holdsProbe = true;
                        } else {
                            probe.release();
                        }
                    } else if (leftMillis(a.deadlineNanos) <= 0) {
                        a.refuse(1000, "the first response, which tells the quota's limits", null);
                        return 0;
                    } else if (learning.isLearning()) {
                        return TimeUnit.MILLISECONDS.toNanos(SLICE_MILLIS);
                    }
                }
                a.phase = Admission.Phase.PAUSE;
                // fall through: the response that ended the learning may have paused the quota
            case PAUSE:
                long paused = pause.leftMillis();
                if (paused > 0) {
                    if (paused > leftMillis(a.deadlineNanos)) {
                        a.refuse(paused, "the end of the quota's pause after a 429", null);
                        return 0;
                    }
                    a.phase = Admission.Phase.TENANT;
                    return TimeUnit.MILLISECONDS.toNanos(paused);
                }
                a.phase = Admission.Phase.TENANT;
                // fall through
            case TENANT:
                if (tenants != null && a.tenantRequestsIn == null && a.tenantTokensIn == null) {
                    long wait = reserveTenant(a, parkWith);
                    if (a.isRefused()) {
                        return 0;
                    }
                    a.phase = Admission.Phase.BUCKETS;
                    if (wait > 0) {
                        return wait;
                    }
                }
                a.phase = Admission.Phase.BUCKETS;
                // fall through
            case BUCKETS:
                if (a.requestsReservedIn == null && a.tokensReservedIn == null && a.outputReservedIn == null) {
                    long wait = reserveBuckets(a, parkWith);
                    if (a.isRefused() || wait > 0) {
                        return wait;
                    }
                }
                a.phase = Admission.Phase.CONCURRENCY;
                // fall through
            case CONCURRENCY:
                Semaphore c = pacing.concurrency();
                if (c != null && a.heldConcurrency == null) {
                    if (!c.tryAcquire()) {
                        if (leftMillis(a.deadlineNanos) <= 0) {
                            refund(a);
                            a.refuse(1000, "the concurrency limit", null);
                            return 0;
                        }
                        return TimeUnit.MILLISECONDS.toNanos(SLICE_MILLIS);
                    }
                    a.heldConcurrency = c;
                }
                recharge(a);
                a.phase = Admission.Phase.GRANTED;
                a.grantedAtNanos = System.nanoTime();
                pacing.sent(a.grantedAtNanos);
                if (a.tenant != null) {
                    doneWaiting(a);
                    tenants.used(a.tenant, pacing.tokens() != null && a.tokensCharged > 0 ? a.tokensCharged : 1, System.nanoTime());
                }
                return 0;
            default:
                return 0;
        }
    }

    /**
     * Reserves the request and its tokens; the wait until both are due, or refuses. A background
     * request yielding to interactive ones reserves only what is due within the horizon; otherwise it
     * reserves nothing and is told to come back when the buckets should have room.
     */
    private long reserveBuckets(Admission a, CallControl parkWith) throws IOException {
        long now = System.nanoTime();
        if (tenants != null && tenants.overShare(a.tenant, now)) {
            // other tenants wait too and this one has had more than its share: they go first
            if (a.deadlineNanos - now > TimeUnit.MILLISECONDS.toNanos(SLICE_MILLIS)) {
                return TimeUnit.MILLISECONDS.toNanos(SLICE_MILLIS);
            }
            a.refuse(SLICE_MILLIS, "its tenant's share of the quota while other tenants wait", null);
            return 0;
        }
        // split by tenant, or interactive requests coming: no request holds a turn far ahead of the others
        boolean yielding = tenants != null || !a.interactive && interactive.active(now);
        long reserveBy = yielding ? Math.min(a.deadlineNanos, now + InteractiveTraffic.BACKGROUND_HORIZON_NANOS) : a.deadlineNanos;
        long wait = 0;
        PacedBucket r = pacing.requests();
        if (r != null) {
            long w = reserve(r, 1, reserveBy, parkWith);
            if (w < 0) {
                return notNow(a, r, 1, "the requests limit", "requests", yielding);
            }
            a.requestsReservedIn = r;
            wait = w;
        }
        PacedBucket t = pacing.tokens();
        long cost = tokensCost(a);
        if (t != null && cost > 0) {
            long w = reserveWithDebt(t, cost, pacing.tokensCapacity(), reserveBy, parkWith);
            if (w < 0) {
                refund(a);
                return notNow(a, t, Math.min(cost, pacing.tokensCapacity()), "the tokens limit", "tokens", yielding);
            }
            a.tokensReservedIn = t;
            a.tokensReserved = cost;
            a.tokensCharged = cost;
            wait = Math.max(wait, w);
        }
        PacedBucket o = pacing.outputTokens();
        long output = a.estimate.outputTokens();
        if (o != null && output > 0) {
            long w = reserveWithDebt(o, output, pacing.outputTokensCapacity(), reserveBy, parkWith);
            if (w < 0) {
                refund(a);
                return notNow(a, o, Math.min(output, pacing.outputTokensCapacity()), "the output tokens limit", "output-tokens", yielding);
            }
            a.outputReservedIn = o;
            a.outputReserved = output;
            wait = Math.max(wait, w);
        }
        return wait;
    }

    /**
     * Reserves {@code amount} tokens: as much as the bucket holds when full in turn, the rest as debt,
     * so a request larger than the bucket waits for a full one and the long-run rate holds. The wait
     * until due, or -1 as {@link #reserve}.
     */
    private static long reserveWithDebt(PacedBucket bucket, long amount, long capacity, long deadline, CallControl parkWith)
            throws IOException {
        long part = Math.min(amount, capacity);
        long w = reserve(bucket, part, deadline, parkWith);
        if (w >= 0 && amount > part) {
            bucket.consumeIgnoringRateLimits(amount - part);
        }
        return w;
    }

    /**
     * What the tokens bucket is charged: the whole estimate, or only its input part when output
     * tokens are limited apart (they are charged to their own bucket, from max_tokens).
     */
    private long tokensCost(Admission a) {
        return pacing.outputTokens() == null ? calibration.cost(a.estimate)
                : calibration.cost(TokenEstimate.of(a.estimate.promptTokens(), 0));
    }

    /**
     * The bucket cannot give {@code amount} in time: a yielding background request comes back when
     * it might (its deadline allowing), any other is refused.
     */
    private static long notNow(Admission a, PacedBucket bucket, long amount, String reason, String limitType, boolean yielding) {
        long due = bucket.estimateWaitNanos(amount);
        long left = a.deadlineNanos - System.nanoTime();
        if (yielding && due < left) {
            return Math.max(TimeUnit.MILLISECONDS.toNanos(SLICE_MILLIS), due - InteractiveTraffic.BACKGROUND_HORIZON_NANOS);
        }
        a.refuse(Math.max(1, TimeUnit.NANOSECONDS.toMillis(due)), reason, limitType);
        return 0;
    }

    /**
     * Nanoseconds until the reservation is due (0 when {@code parkWith} parked until then), or -1
     * when it would take longer than the deadline allows.
     */
    private static long reserve(PacedBucket bucket, long amount, long deadline, CallControl parkWith) throws IOException {
        // Bucket4j refuses a wait bound of 0; 1 ns means "only what is there now" (max-wait 0, or no time left)
        long maxWaitNanos = Math.max(1, deadline - System.nanoTime());
        DueTime due = parkWith == null ? new DueTime() : null;
        try {
            boolean reserved = bucket.reserve(amount, maxWaitNanos, due != null ? due : new CancellableParking(parkWith));
            return !reserved ? -1 : due == null ? 0 : due.nanos;
        } catch (CancellableParking.Cancelled e) {
            bucket.addTokens(amount); // Bucket4j does not give a reservation back
            throw new IOException("Canceled");
        } catch (InterruptedException e) {
            bucket.addTokens(amount);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the quota");
        }
    }

    private static long leftMillis(long deadlineNanos) {
        return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    }

    /**
     * A request reserved its tokens at the calibration of its time; responses that came while it
     * waited may have corrected it. The bucket is charged the difference now, up or down, so that it
     * counts what the provider will.
     */
    private void recharge(Admission a) {
        PacedBucket t = a.tokensReservedIn;
        if (t == null) {
            return;
        }
        long now = tokensCost(a);
        chargeDifference(t, now - a.tokensCharged);
        a.tokensCharged = now;
        a.tokensReserved = now;
    }

    /** Reserves the request in its tenant's own buckets (llmguard.tenants.limits); the wait until due, or refuses. */
    private long reserveTenant(Admission a, CallControl parkWith) throws IOException {
        long wait = 0;
        PacedBucket r = tenants.requests(a.tenant);
        if (r != null) {
            long w = reserve(r, 1, a.deadlineNanos, parkWith);
            if (w < 0) {
                return notNow(a, r, 1, "its tenant's requests limit", "requests", false);
            }
            a.tenantRequestsIn = r;
            wait = w;
        }
        PacedBucket t = tenants.tokens(a.tenant);
        long cost = calibration.cost(a.estimate);
        if (t != null && cost > 0) {
            long w = reserveWithDebt(t, cost, tenants.tokensCapacity(), a.deadlineNanos, parkWith);
            if (w < 0) {
                refundTenant(a);
                return notNow(a, t, Math.min(cost, tenants.tokensCapacity()), "its tenant's tokens limit", "tokens", false);
            }
            a.tenantTokensIn = t;
            a.tenantTokensReserved = cost;
            wait = Math.max(wait, w);
        }
        return wait;
    }

    private static void refundTenant(Admission a) {
        if (a.tenantRequestsIn != null) {
            a.tenantRequestsIn.addTokens(1);
            a.tenantRequestsIn = null;
        }
        if (a.tenantTokensIn != null && a.tenantTokensReserved > 0) {
            a.tenantTokensIn.addTokens(a.tenantTokensReserved);
            a.tenantTokensIn = null;
            a.tenantTokensReserved = 0;
        }
    }

    /** The request no longer waits for its quota; idempotent. */
    private void doneWaiting(Admission a) {
        if (a.tenant != null && !a.doneWaiting) {
            a.doneWaiting = true;
            tenants.doneWaiting(a.tenant);
        }
    }

    /** A request that will not be sent: gives back every reservation, its tenant's included, and stops waiting. */
    void abandon(Admission a) {
        refund(a);
        refundTenant(a);
        doneWaiting(a);
    }

    /** Gives back the quota's reservations of a request that will not be sent now. */
    void refund(Admission a) {
        if (a.requestsReservedIn != null) {
            a.requestsReservedIn.addTokens(1);
            a.requestsReservedIn = null;
        }
        if (a.tokensReservedIn != null && a.tokensReserved > 0) {
            a.tokensReservedIn.addTokens(a.tokensReserved);
            a.tokensReservedIn = null;
            a.tokensReserved = 0;
            a.tokensCharged = 0;
        }
        if (a.outputReservedIn != null && a.outputReserved > 0) {
            a.outputReservedIn.addTokens(a.outputReserved);
            a.outputReservedIn = null;
            a.outputReserved = 0;
        }
    }

    /** Gives back the probe and the concurrency slot. */
    void release(Admission admission) {
        if (admission.holdsProbe) {
            admission.holdsProbe = false;
            probe.release();
        }
        Semaphore c = admission.heldConcurrency;
        if (c != null) {
            admission.heldConcurrency = null;
            c.release();
        }
    }

    /** See {@link Quota#chargeWithoutWaiting}. */
    long chargeWithoutWaiting(long cost) {
        long wait = Math.max(0, pause.leftMillis());
        PacedBucket r = pacing.requests();
        if (r != null) {
            wait = Math.max(wait, TimeUnit.NANOSECONDS.toMillis(r.estimateWaitNanos(1)));
            r.consumeIgnoringRateLimits(1);
        }
        PacedBucket t = pacing.tokens();
        if (t != null && cost > 0) {
            long now = Math.min(cost, pacing.tokensCapacity());
            wait = Math.max(wait, TimeUnit.NANOSECONDS.toMillis(t.estimateWaitNanos(now)));
            t.consumeIgnoringRateLimits(cost);
        }
        return wait;
    }

    /**
     * What a response says the request used (-1: not said). Tokens beyond what the admission charged
     * are charged too; providers charge at least the reservation, so the tokens bucket is never
     * refunded. Output tokens limited apart are counted as they came out (Anthropic adjusts its
     * output limit to them at the end of the request): the reservation from max_tokens is corrected
     * up or down.
     */
    void chargeUsedTokens(Admission admission, long usedTokens, long promptTokens, long outputTokens) {
        PacedBucket t = pacing.tokens();
        long used = admission.outputReservedIn != null ? promptTokens : usedTokens;
        if (t != null && used > admission.tokensCharged()) {
            t.consumeIgnoringRateLimits(used - admission.tokensCharged());
        }
        PacedBucket o = admission.outputReservedIn;
        if (o != null && outputTokens >= 0) {
            chargeDifference(o, outputTokens - admission.outputReserved);
            admission.outputReserved = outputTokens;
        }
    }

    /** Charges {@code delta} more tokens to the bucket, or gives {@code -delta} back when it is negative. */
    private static void chargeDifference(PacedBucket bucket, long delta) {
        if (delta > 0) {
            bucket.consumeIgnoringRateLimits(delta);
        } else if (delta < 0) {
            bucket.addTokens(-delta);
        }
    }
}
