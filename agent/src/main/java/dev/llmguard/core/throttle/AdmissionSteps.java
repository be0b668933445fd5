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

    AdmissionSteps(LimitLearning learning, QuotaPacing pacing, QuotaPause pause, TokenCalibration calibration,
                   InteractiveTraffic interactive) {
        this.learning = learning;
        this.pacing = pacing;
        this.pause = pause;
        this.calibration = calibration;
        this.interactive = interactive;
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
                    a.phase = Admission.Phase.BUCKETS;
                    return TimeUnit.MILLISECONDS.toNanos(paused);
                }
                a.phase = Admission.Phase.BUCKETS;
                // fall through
            case BUCKETS:
                if (a.requestsReservedIn == null && a.tokensReservedIn == null) {
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
        boolean yielding = !a.interactive && interactive.active(now);
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
        if (t != null && a.cost > 0) {
            long cost = calibration.cost(a.estimate);
            long part = Math.min(cost, pacing.tokensCapacity());
            long w = reserve(t, part, reserveBy, parkWith);
            if (w < 0) {
                refund(a);
                return notNow(a, t, part, "the tokens limit", "tokens", yielding);
            }
            if (cost > part) {
                t.consumeIgnoringRateLimits(cost - part);
            }
            a.tokensReservedIn = t;
            a.tokensReserved = cost;
            a.tokensCharged = cost;
            wait = Math.max(wait, w);
        }
        return wait;
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
        long now = calibration.cost(a.estimate);
        long delta = now - a.tokensCharged;
        if (delta > 0) {
            t.consumeIgnoringRateLimits(delta);
        } else if (delta < 0) {
            t.addTokens(-delta);
        }
        a.tokensCharged = now;
        a.tokensReserved = now;
    }

    /** Gives back the reservations of a request that will not be sent. */
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

    /** Tokens a response really used beyond what the admission charged; providers charge at least the reservation, so never a refund. */
    void chargeUsedTokens(Admission admission, long usedTokens) {
        PacedBucket t = pacing.tokens();
        if (t != null && usedTokens > admission.tokensCharged()) {
            t.consumeIgnoringRateLimits(usedTokens - admission.tokensCharged());
        }
    }
}
