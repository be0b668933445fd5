package dev.llmguard.core.throttle;

import dev.llmguard.config.Limits;
import dev.llmguard.core.exchange.CallControl;
import dev.llmguard.core.ratelimit.RateLimitSnapshot;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * One provider quota (host + API key + model): its limits, configured or learned from the
 * provider's headers, and the token buckets that pace requests below them.
 *
 * <p>Pacing reserves from Bucket4j buckets (a reservation may put a bucket in debt and tells how
 * long to wait), so waiting requests go out evenly spaced instead of racing for each refill. Each
 * bucket holds half a second's worth of its limit: the provider enforces per-minute limits over short
 * windows (OpenAI: about one second), so the minute's budget is never fired in a burst, and requests
 * let out together but held up on the way (new connections, a busy host, GC) still fit the
 * provider's window when they arrive bunched together. A request costing more tokens than a bucket
 * holds waits until the bucket is full and leaves it in debt, so the long-run rate holds.
 *
 * <p>Until the first response tells the limits (nothing configured), one request at a time goes
 * out: a burst of unpaced requests is what produces a burst of 429s. After a 429 with a known wait,
 * the whole quota pauses until then, so other threads wait instead of hammering.
 */
public final class Quota {
    /** A requests limit whose reset is further away than this is a per-day limit (e.g. 4h43m36s). */
    private static final long DAILY_RESET_THRESHOLD_MILLIS = 65_000;
    private static final long SLICE_MILLIS = 10;
    /**
     * Burst size, in seconds of the paced rate. Half of the provider's one-second window: requests
     * held up on the way by up to half a second, then arriving together, still fit in it. With a
     * full second's worth, connections being opened at startup held up the first burst while the
     * bucket refilled, and up to 4 % of the requests in the throttling benchmark got 429s.
     */
    static final double BURST_SECONDS = 0.5;

    private final QuotaKey key;
    private final Limits configured;
    private final int headroomPercent;
    private final QuotaListener listener;
    private final QuotaStore store;
    private final Semaphore probe = new Semaphore(1, true);
    private final PaceControl pace = new PaceControl();

    private volatile boolean learning;
    private volatile Limits learned = Limits.UNLIMITED;
    private volatile Limits effective = Limits.UNLIMITED;
    private volatile PacedBucket requests;
    private volatile PacedBucket tokens;
    private volatile long tokensCapacity;
    private volatile Semaphore concurrency;
    private volatile long pausedUntilNanos;
    private boolean requestsLimitIsDaily;
    private long concurrencyLimit = -1;

    Quota(QuotaKey key, Limits configured, int headroomPercent, QuotaListener listener, QuotaStore store) {
        this.key = key;
        this.store = store;
        this.configured = configured;
        this.headroomPercent = headroomPercent;
        this.listener = listener;
        this.learning = configured.requestsPerMinute() == Limits.NONE && configured.tokensPerMinute() == Limits.NONE;
        applyLimits(configured, -1, -1, -1);
    }

    public QuotaKey key() {
        return key;
    }

    /** The limits paced by: the lower of configured and learned, item by item. */
    public Limits limits() {
        return effective;
    }

    /**
     * Starts one request's way through this quota; {@link #advance} takes it on. It is refused
     * when letting it go would take longer than {@code budgetMillis} (llmguard.throttle.max-wait,
     * or less when the call's own timeout is nearer).
     */
    public Admission begin(long cost, long budgetMillis) {
        return new Admission(this, cost, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, budgetMillis)));
    }

    /**
     * One step of an admission, without waiting itself: 0 when it is granted or refused, else the
     * nanoseconds the caller waits (parked, or on a timer) before calling again. Bucket waits park
     * here when {@code parkWith} is given (a blocking caller: the reservation is counted as pending
     * while it waits), and are returned like every other wait when it is null (an asynchronous caller).
     *
     * @throws IOException when the call is cancelled or the thread interrupted while parked here;
     *                     the caller then abandons the admission
     */
    public long advance(Admission a, CallControl parkWith) throws IOException {
        switch (a.phase) {
            case PROBE:
                if (learning) {
                    adoptSharedLimits();
                }
                if (learning && !a.holdsProbe) {
                    if (probe.tryAcquire()) {
                        if (learning) {
                            a.holdsProbe = true;
                        } else {
                            probe.release();
                        }
                    } else if (leftMillis(a.deadlineNanos) <= 0) {
                        a.refuse(1000, "waiting for the first response to learn the quota's limits", null);
                        return 0;
                    } else if (learning) {
                        return TimeUnit.MILLISECONDS.toNanos(SLICE_MILLIS);
                    }
                }
                a.phase = Admission.Phase.PAUSE;
                // fall through: the response that ended the learning may have paused the quota
            case PAUSE:
                long pause = pauseLeftMillis();
                if (pause > 0) {
                    if (pause > leftMillis(a.deadlineNanos)) {
                        a.refuse(pause, "the quota is paused after a 429", null);
                        return 0;
                    }
                    a.phase = Admission.Phase.BUCKETS;
                    return TimeUnit.MILLISECONDS.toNanos(pause);
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
                Semaphore c = concurrency;
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
                a.phase = Admission.Phase.GRANTED;
                return 0;
            default:
                return 0;
        }
    }

    /** Reserves the request and its tokens; the wait until both are due, or refuses. */
    private long reserveBuckets(Admission a, CallControl parkWith) throws IOException {
        long wait = 0;
        PacedBucket r = requests;
        if (r != null) {
            long w = reserve(r, 1, a.deadlineNanos, parkWith);
            if (w < 0) {
                a.refuse(waitFor(r, 1), "the requests limit", "requests");
                return 0;
            }
            a.requestsReservedIn = r;
            wait = w;
        }
        PacedBucket t = tokens;
        if (t != null && a.cost > 0) {
            long now = Math.min(a.cost, tokensCapacity);
            long w = reserve(t, now, a.deadlineNanos, parkWith);
            if (w < 0) {
                refund(a);
                a.refuse(waitFor(t, now), "the tokens limit", "tokens");
                return 0;
            }
            if (a.cost > now) {
                t.consumeIgnoringRateLimits(a.cost - now);
            }
            a.tokensReservedIn = t;
            a.tokensReserved = a.cost;
            a.tokensCharged = a.cost;
            wait = Math.max(wait, w);
        }
        return wait;
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

    private static long waitFor(PacedBucket bucket, long amount) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(bucket.estimateWaitNanos(amount)));
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

    private static long leftMillis(long deadlineNanos) {
        return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    }

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

    /**
     * Observe mode: charges the request to the buckets without waiting, so they track the real
     * load, and tells how long {@link #admit} would have waited.
     */
    public long chargeWithoutWaiting(long cost) {
        long wait = Math.max(0, pauseLeftMillis());
        PacedBucket r = requests;
        if (r != null) {
            wait = Math.max(wait, TimeUnit.NANOSECONDS.toMillis(r.estimateWaitNanos(1)));
            r.consumeIgnoringRateLimits(1);
        }
        PacedBucket t = tokens;
        if (t != null && cost > 0) {
            long now = Math.min(cost, tokensCapacity);
            wait = Math.max(wait, TimeUnit.NANOSECONDS.toMillis(t.estimateWaitNanos(now)));
            t.consumeIgnoringRateLimits(cost);
        }
        return wait;
    }

    /** How long this quota is still paused, by this JVM or by the fleet; 0 or less when it is not. */
    private long pauseLeftMillis() {
        return Math.max(TimeUnit.NANOSECONDS.toMillis(pausedUntilNanos - System.nanoTime()),
                store.sharedPauseUntil(key) - System.currentTimeMillis());
    }

    /**
     * What a response said about this quota: its limits and what remains (learned), whether it
     * was a 429 with a known wait (pause), and how many tokens it really used (correction).
     *
     * @param rateLimited a retryable rate-limit 429 (not a quota, budget or request-too-large one)
     */
    public void onResponse(RateLimitSnapshot snapshot, int status, boolean rateLimited, long serverWaitMillis, long usedTokens,
                           Admission admission) {
        if (rateLimited && !learning && pace.onRateLimited(System.nanoTime())) {
            repace(); // limits were known and paced, yet the provider said 429: someone else shares the quota
        } else if (status < 400 && pace.onSuccess(System.nanoTime())) {
            repace();
        }
        if (status == 429) {
            // before learnFrom ends the learning, so requests held by the probe see the pause
            if (serverWaitMillis > 0) {
                pauseFor(serverWaitMillis);
            }
            drain(); // our model of the quota was off: start pacing again from empty
        }
        learnFrom(snapshot);
        PacedBucket t = tokens;
        if (t != null && usedTokens > admission.tokensCharged()) {
            // providers charge at least the reservation; only ever charge more, never refund
            t.consumeIgnoringRateLimits(usedTokens - admission.tokensCharged());
        }
    }

    /** The share of the limits paced at, after 429s that came despite pacing (1.0 = all of them). */
    public double paceFactor() {
        return pace.factor();
    }

    private final java.util.concurrent.atomic.AtomicBoolean slowdownReported = new java.util.concurrent.atomic.AtomicBoolean();

    /** True after the first call: the first slowdown of a quota is worth an INFO line, later ones not. */
    public boolean reportedSlowdown() {
        return slowdownReported.getAndSet(true);
    }

    private void repace() {
        synchronized (this) {
            applyLimits(effective, -1, -1, -1);
        }
        listener.paceChanged(this, pace.factor());
    }

    /** The whole quota waits until now + millis (never shortens a longer pause). */
    public void pauseFor(long millis) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (this) {
            if (pausedUntilNanos == 0 || until - pausedUntilNanos > 0) {
                pausedUntilNanos = until;
            }
        }
        store.sharePause(key, System.currentTimeMillis() + millis);
    }

    private void drain() {
        PacedBucket r = requests;
        if (r != null) {
            r.onRateLimited();
        }
        PacedBucket t = tokens;
        if (t != null) {
            t.onRateLimited();
        }
    }

    /** Limits another JVM of the fleet already learned end this one's learning at once. */
    private void adoptSharedLimits() {
        Limits shared = store.sharedLimits(key);
        if (shared == null || shared.isUnlimited()) {
            return;
        }
        synchronized (this) {
            if (learning) {
                learned = shared;
                requestsLimitIsDaily = shared.requestsPerDay() > 0 && shared.requestsPerMinute() <= 0;
                applyLimits(configured.min(shared), -1, -1, -1);
                learning = false;
                listener.limitsLearned(this, shared, effective);
            }
        }
    }

    private void learnFrom(RateLimitSnapshot s) {
        long requestsLimit = s.requestsLimit();
        long tokensLimit = s.tokensLimit();
        if (tokensLimit < 0 && s.has(RateLimitSnapshot.Dimension.INPUT_TOKENS)) {
            tokensLimit = s.limit(RateLimitSnapshot.Dimension.INPUT_TOKENS);
        }
        if (requestsLimit <= 0 && tokensLimit <= 0) {
            learning = false; // the provider sends no limits: nothing to learn, nothing to hold back
            return;
        }
        synchronized (this) {
            if (requestsLimit > 0 && s.requestsResetMillis() > DAILY_RESET_THRESHOLD_MILLIS) {
                requestsLimitIsDaily = true;
            }
            Limits seen = new Limits(requestsLimitIsDaily ? -1 : requestsLimit, tokensLimit,
                    requestsLimitIsDaily ? requestsLimit : -1, -1);
            Limits merged = learned.overriddenBy(seen);
            if (!merged.equals(learned)) {
                learned = merged;
                applyLimits(configured.min(merged), s.requestsRemaining(), s.tokensRemaining(),
                        requestsLimitIsDaily ? s.requestsRemaining() : -1);
                store.shareLimits(key, merged);
                listener.limitsLearned(this, merged, effective);
            }
            learning = false;
        }
        correctDown(requests, requestsLimitIsDaily ? -1 : s.requestsRemaining());
        correctDown(tokens, s.tokensRemaining());
    }

    /** Brings a bucket down to what the server says remains; never up (the server may lag behind). */
    private static void correctDown(PacedBucket bucket, long remaining) {
        if (bucket == null || remaining < 0) {
            return;
        }
        long available = bucket.availableTokens();
        if (available > remaining) {
            bucket.drain(available - remaining);
        }
    }

    private synchronized void applyLimits(Limits limits, long requestsRemaining, long tokensRemaining, long dayRemaining) {
        effective = limits;
        double pace = (100 - headroomPercent) / 100.0 * this.pace.factor();
        BucketConfiguration requestsConfig = requestsConfiguration(limits, pace, requestsRemaining, dayRemaining);
        requests = rebuild(requests, "requests", requestsConfig);
        if (limits.tokensPerMinute() > 0) {
            long capacity = burstCapacity(limits.tokensPerMinute(), pace);
            tokensCapacity = capacity;
            BucketConfiguration config = BucketConfiguration.builder()
                    .addLimit(minuteBandwidth(limits.tokensPerMinute(), pace, capacity, tokensRemaining)).build();
            tokens = rebuild(tokens, "tokens", config);
        } else {
            tokens = null;
        }
        long max = limits.maxConcurrent();
        if (max <= 0) {
            concurrency = null;
            concurrencyLimit = -1;
        } else if (max != concurrencyLimit) {
            // requests holding a slot of the old semaphore give it back there (see Admission)
            concurrency = new Semaphore((int) Math.min(Integer.MAX_VALUE, max), true);
            concurrencyLimit = max;
        }
    }

    private static BucketConfiguration requestsConfiguration(Limits limits, double pace, long remaining, long dayRemaining) {
        if (limits.requestsPerMinute() <= 0 && limits.requestsPerDay() <= 0) {
            return null;
        }
        io.github.bucket4j.ConfigurationBuilder b = BucketConfiguration.builder();
        if (limits.requestsPerMinute() > 0) {
            long capacity = burstCapacity(limits.requestsPerMinute(), pace);
            b.addLimit(minuteBandwidth(limits.requestsPerMinute(), pace, capacity, remaining));
        }
        if (limits.requestsPerDay() > 0) {
            long perDay = Math.max(1, (long) Math.floor(limits.requestsPerDay() * pace));
            long initial = dayRemaining >= 0 ? Math.min(perDay, dayRemaining) : perDay;
            b.addLimit(Bandwidth.builder().capacity(perDay).refillGreedy(perDay, Duration.ofDays(1)).initialTokens(initial).build());
        }
        return b.build();
    }

    /** {@link #BURST_SECONDS} worth of the paced rate, at least 1. */
    private static long burstCapacity(long perMinute, double pace) {
        return Math.max(1, (long) Math.floor(perMinute * pace / 60.0 * BURST_SECONDS));
    }

    /**
     * A bucket of {@link #BURST_SECONDS} worth, refilled at the paced rate. It starts half full when the
     * limit was learned from a response (remaining >= 0): the request that brought the headers,
     * and other JVMs' first requests, already used part of the provider's window.
     */
    private static Bandwidth minuteBandwidth(long perMinute, double pace, long capacity, long remaining) {
        // refill over ten minutes keeps the fraction of a low limit (e.g. 2.94 per minute)
        long perTenMinutes = Math.max(1, Math.round(perMinute * pace * 10));
        long initial = remaining >= 0 ? Math.min(Math.max(1, capacity / 2), remaining) : capacity;
        return Bandwidth.builder().capacity(capacity).refillGreedy(perTenMinutes, Duration.ofMinutes(10)).initialTokens(initial).build();
    }

    private PacedBucket rebuild(PacedBucket current, String dimension, BucketConfiguration config) {
        if (config == null) {
            return null;
        }
        if (current == null) {
            return store.bucket(key, dimension, config);
        }
        current.reconfigure(config);
        return current;
    }

    @Override
    public String toString() {
        return key + " " + effective;
    }
}
