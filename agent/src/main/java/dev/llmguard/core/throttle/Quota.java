package dev.llmguard.core.throttle;

import dev.llmguard.config.Limits;
import dev.llmguard.config.ThrottleConfig;
import dev.llmguard.core.exchange.CallControl;
import dev.llmguard.core.ratelimit.RateLimitSnapshot;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One provider quota (host + API key + model): its limits, configured or learned from the
 * provider's headers, and the token buckets that pace requests below them. What other packages use;
 * the work is done by {@link AdmissionSteps} (a request's way in), {@link LimitLearning} (the limits
 * from responses and the fleet) and {@link QuotaPacing} (buckets at the current pace).
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
    private final QuotaKey key;
    private final QuotaListener listener;
    private final QuotaPacing pacing;
    private final QuotaPause pause;
    private final LimitLearning learning;
    private final AdmissionSteps steps;
    private final TokenCalibration calibration = new TokenCalibration();
    private final InteractiveTraffic interactive;
    /** Null unless the quota is split by tenant. */
    private final TenantShares tenants;
    private final AtomicBoolean slowdownReported = new AtomicBoolean();
    private final AtomicBoolean shareReported = new AtomicBoolean();

    /** @param throttle for the headroom below the limits */
    Quota(QuotaKey key, Limits configured, ThrottleConfig throttle, QuotaListener listener, QuotaStore store) {
        this(key, configured, throttle, listener, store, null);
    }

    /** @param tenantLimits the limits each tenant is held to when the quota is split by tenant, else null */
    Quota(QuotaKey key, Limits configured, ThrottleConfig throttle, QuotaListener listener, QuotaStore store, Limits tenantLimits) {
        this.key = key;
        this.listener = listener;
        this.pacing = new QuotaPacing(key, store, throttle.headroomPercent());
        this.pause = new QuotaPause(key, store);
        this.interactive = new InteractiveTraffic(key, store);
        this.learning = new LimitLearning(this, configured, store, pacing, listener);
        this.tenants = tenantLimits == null ? null
                : new TenantShares(key, store, tenantLimits, (100 - throttle.headroomPercent()) / 100.0);
        this.steps = new AdmissionSteps(learning, pacing, pause, calibration, interactive, tenants);
        pacing.apply(configured, -1, -1, -1);
    }

    public QuotaKey key() {
        return key;
    }

    /** The limits paced by: the lower of configured and learned, item by item. */
    public Limits limits() {
        return pacing.limits();
    }

    /** The limits configured for this quota (llmguard.limits.*); UNLIMITED when none. */
    public Limits configuredLimits() {
        return learning.configured();
    }

    /**
     * Starts one request's way through this quota; {@link #advance} takes it on. It is refused
     * when letting it go would take longer than {@code budgetMillis} (llmguard.throttle.max-wait,
     * or less when the call's own timeout is nearer). While interactive requests come for this
     * quota, background ones let them go first (see {@link InteractiveTraffic}).
     */
    public Admission begin(TokenEstimate estimate, long budgetMillis, boolean interactiveRequest) {
        return begin(estimate, budgetMillis, interactiveRequest, null);
    }

    /**
     * As {@link #begin(TokenEstimate, long, boolean)}, for a request of the tenant with this hash
     * (null: no tenant named; such requests share one tenant) when the quota is split by tenant.
     */
    public Admission begin(TokenEstimate estimate, long budgetMillis, boolean interactiveRequest, String tenantHash) {
        long now = System.nanoTime();
        if (interactiveRequest) {
            interactive.seen(now);
        }
        Admission a = new Admission(this, estimate, now + TimeUnit.MILLISECONDS.toNanos(Math.max(0, budgetMillis)), interactiveRequest);
        if (tenants != null) {
            a.tenant = tenants.tenant(tenantHash == null ? "none" : tenantHash);
            tenants.waiting(a.tenant);
        }
        return a;
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
        return steps.advance(a, parkWith);
    }

    /** Gives back the reservations of a request that will not be sent. */
    void refund(Admission a) {
        steps.abandon(a);
    }

    void release(Admission admission) {
        steps.release(admission);
    }

    /**
     * Observe mode: charges the request to the buckets without waiting, so they track the real
     * load, and tells how long an admission would have waited.
     */
    public long chargeWithoutWaiting(TokenEstimate estimate) {
        return steps.chargeWithoutWaiting(calibration.cost(estimate));
    }

    /**
     * A response's count of the input tokens of a request estimated at {@code estimate} (-1: not
     * reported): later requests, and those waiting, are charged at the corrected estimate.
     */
    public void calibrate(TokenEstimate estimate, long countedPromptTokens) {
        if (calibration.observe(estimate.promptTokens(), countedPromptTokens)) {
            listener.tokensCalibrated(this, calibration.factor(), calibration.samples());
        }
    }

    /** Provider tokens per estimated prompt token, as learned from responses (1.0 until one told). */
    public double tokenFactor() {
        return calibration.factor();
    }

    /**
     * What a response said about this quota: its limits and what remains (learned), whether it
     * was a 429 with a known wait (pause), and how many tokens it really used (correction).
     *
     * @param rateLimited a retryable rate-limit 429 (not a quota, budget or request-too-large one)
     */
    public void onResponse(RateLimitSnapshot snapshot, int status, boolean rateLimited, long serverWaitMillis, long usedTokens,
                           Admission admission) {
        onResponse(snapshot, status, rateLimited, serverWaitMillis, usedTokens, -1, -1, admission);
    }

    /** As above, with the input and output tokens the response reports (-1: not reported), for output tokens limited apart. */
    public void onResponse(RateLimitSnapshot snapshot, int status, boolean rateLimited, long serverWaitMillis, long usedTokens,
                           long promptTokens, long outputTokens, Admission admission) {
        if (rateLimited && !learning.isLearning() && pacing.slowDown(System.nanoTime())) {
            // limits were known and paced, yet the provider said 429: someone else shares the quota
            listener.paceChanged(this, pacing.factor());
        } else if (status < 400 && pacing.speedUp(System.nanoTime())) {
            listener.paceChanged(this, pacing.factor());
        }
        if (status == 429) {
            // before learnFrom ends the learning, so requests held by the probe see the pause
            if (serverWaitMillis > 0) {
                pauseFor(serverWaitMillis);
            }
            pacing.drain(); // our model of the quota was off: start pacing again from empty
        }
        learning.learnFrom(snapshot, admission == null ? 0 : admission.grantedAtNanos);
        steps.chargeUsedTokens(admission, usedTokens, promptTokens, outputTokens);
    }

    /**
     * The tokens a response reported after it was decided on (a stream's usage, at its end),
     * charged as {@link #onResponse} charges a plain body's; -1 for each count not reported.
     */
    public void chargeUsage(Admission admission, long usedTokens, long promptTokens, long outputTokens) {
        steps.chargeUsedTokens(admission, usedTokens, promptTokens, outputTokens);
    }

    /** The share of the limits paced at, after 429s that came despite pacing (1.0 = all of them). */
    public double paceFactor() {
        return pacing.factor();
    }

    /** True after the first call: the first slowdown of a quota is worth an INFO line, later ones not. */
    public boolean reportedSlowdown() {
        return slowdownReported.getAndSet(true);
    }

    /** True after the first call: the first time other clients are seen on the key is worth an INFO line, later changes not. */
    public boolean reportedShare() {
        return shareReported.getAndSet(true);
    }

    /** The whole quota waits until now + millis (never shortens a longer pause). */
    public void pauseFor(long millis) {
        pause.pauseFor(millis);
    }

    @Override
    public String toString() {
        return key + " " + pacing.limits();
    }
}
