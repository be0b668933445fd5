package dev.llmguard.core.throttle;

import dev.llmguard.config.Limits;
import io.github.bucket4j.BucketConfiguration;
import java.util.concurrent.Semaphore;

/**
 * What a quota paces with: its effective limits turned into buckets and a concurrency bound, at the
 * configured headroom below the limits and at the lower of the share {@link PaceControl} allows and
 * this JVM's share of the key's spend ({@link SpendShare}; only where buckets are this JVM's own: a
 * Redis store's buckets already hold the whole fleet). Rebuilt when learning changes the limits and
 * when the pace or the share moves; requests read the current buckets without a lock, so the fields
 * are volatile and replaced whole.
 */
final class QuotaPacing {
    /** Rebuilding buckets at every response would cost more than it paces better: a few times a second at most. */
    private static final long SHARE_REPACE_INTERVAL_NANOS = 200_000_000L;
    /** Below this share others are taken to spend on the key too. */
    private static final double SHARED_BELOW = 0.95;
    /**
     * Below the estimated share while others spend on the key: JVMs pacing apart cannot line up
     * their requests, and the estimate moves by a few percent from one second to the next.
     */
    private static final double SHARE_MARGIN = 0.95;

    private final QuotaKey key;
    private final QuotaStore store;
    private final int headroomPercent;
    private final PaceControl pace = new PaceControl();
    /** Null where the store's buckets are the fleet's (Redis): the share is then theirs to keep. */
    private final SpendShare requestsSpend;
    /** The share of the key's requests spend paced at; tokens are paced at it too. */
    private double keyShare = 1.0;
    private long sharesAppliedAt;

    private volatile Limits effective = Limits.UNLIMITED;
    private volatile PacedBucket requests;
    private volatile PacedBucket tokens;
    private volatile long tokensCapacity;
    private volatile PacedBucket outputTokens;
    private volatile long outputTokensCapacity;
    private volatile Semaphore concurrency;
    private long concurrencyLimit = -1;

    QuotaPacing(QuotaKey key, QuotaStore store, int headroomPercent) {
        this.key = key;
        this.store = store;
        this.headroomPercent = headroomPercent;
        this.requestsSpend = store.sharesBuckets() ? null : new SpendShare();
    }

    /** The limits paced by. */
    Limits limits() {
        return effective;
    }

    /** Null when there is no requests limit. */
    PacedBucket requests() {
        return requests;
    }

    /** Null when there is no tokens limit. */
    PacedBucket tokens() {
        return tokens;
    }

    /** Null unless output tokens are limited apart (the tokens bucket then counts input tokens only). */
    PacedBucket outputTokens() {
        return outputTokens;
    }

    long outputTokensCapacity() {
        return outputTokensCapacity;
    }

    /** What the tokens bucket holds when full: a request costing more waits for a full bucket and leaves debt. */
    long tokensCapacity() {
        return tokensCapacity;
    }

    /** Null when concurrency is not limited. */
    Semaphore concurrency() {
        return concurrency;
    }

    /** The share of the limits paced at (1.0 = all of them). */
    double factor() {
        return pace.factor();
    }

    /** A rate-limit 429 despite pacing. True when the pace slowed; the buckets are then rebuilt for it. */
    boolean slowDown(long nowNanos) {
        if (sharing() || !pace.onRateLimited(nowNanos)) {
            return false;
        }
        repace();
        return true;
    }

    /** A request went through. True when the pace climbed back; the buckets are then rebuilt for it. */
    boolean speedUp(long nowNanos) {
        if (!pace.onSuccess(nowNanos)) {
            return false;
        }
        repace();
        return true;
    }

    /**
     * True while the provider's counts show others spending on the key: their spend is then paced
     * around by the share, and halving the pace at each 429 as well would only compound (this JVM
     * would send less, so its measured share would fall, and so on down).
     */
    private synchronized boolean sharing() {
        return keyShare < SHARED_BELOW;
    }

    /** This JVM's share of the key's requests spend, as paced (1.0: alone, or not known). */
    synchronized double keyShare() {
        return keyShare;
    }

    /** A request of this quota is sent now. */
    synchronized void sent(long nowNanos) {
        if (requestsSpend != null) {
            requestsSpend.sent(nowNanos);
        }
    }

    /**
     * What a response to a request sent at {@code sentAtNanos} says remains of the per-minute
     * requests limit (-1: not told). True when this JVM's share moved enough to pace by it: the
     * buckets are then rebuilt for it. Tokens are paced at the requests share: the requests count is
     * unit-free, while a tokens count would compare this JVM's estimates with the provider's
     * counting, which differ until calibrated.
     */
    synchronized boolean spent(long sentAtNanos, long requestsRemaining, long requestsPerMinute) {
        if (requestsSpend == null || sentAtNanos == 0) {
            return false;
        }
        requestsSpend.observe(sentAtNanos, requestsRemaining, requestsPerMinute);
        double share = requestsSpend.share();
        if (!moved(keyShare, share) || System.nanoTime() - sharesAppliedAt < SHARE_REPACE_INTERVAL_NANOS) {
            return false;
        }
        boolean othersNew = !sharing() && share < SHARED_BELOW;
        keyShare = share;
        sharesAppliedAt = System.nanoTime();
        repace();
        if (othersNew) {
            // what the buckets hold was this JVM's alone; others are spending it too (a fleet starting
            // together would otherwise send one burst each into the provider's short window)
            drain();
        }
        return true;
    }

    /** A change of a twentieth or more of the share, or back to all of it. */
    private static boolean moved(double applied, double now) {
        return Math.abs(now - applied) >= 0.05 * applied || now == 1.0 && applied != 1.0;
    }

    private synchronized void repace() {
        apply(effective, -1, -1, -1);
    }

    /**
     * Paces by {@code limits} from now on. The remaining counts are what the provider said is left
     * (-1: not known), so that buckets created for learned limits do not start fuller than the provider's.
     */
    synchronized void apply(Limits limits, long requestsRemaining, long tokensRemaining, long dayRemaining) {
        effective = limits;
        double below = (100 - headroomPercent) / 100.0;
        double share = below * pace.factor();
        double requestsPace = below * Math.min(pace.factor(), withMargin(keyShare));
        double tokensPace = requestsPace;
        requests = rebuild(requests, "requests", BucketConfigurations.requests(limits, requestsPace, requestsRemaining, dayRemaining));
        if (limits.tokensPerMinute() > 0) {
            long capacity = BucketConfigurations.burstCapacity(limits.tokensPerMinute(), tokensPace);
            tokensCapacity = capacity;
            tokens = rebuild(tokens, "tokens", BucketConfigurations.tokens(limits.tokensPerMinute(), tokensPace, capacity, tokensRemaining));
        } else {
            tokens = null;
        }
        if (limits.outputTokensPerMinute() > 0) {
            long capacity = BucketConfigurations.burstCapacity(limits.outputTokensPerMinute(), share);
            outputTokensCapacity = capacity;
            outputTokens = rebuild(outputTokens, "output-tokens",
                    BucketConfigurations.tokens(limits.outputTokensPerMinute(), share, capacity, -1));
        } else {
            outputTokens = null;
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

    private static double withMargin(double share) {
        return share < SHARED_BELOW ? share * SHARE_MARGIN : share;
    }

    /** After a 429: our model of the quota was off, so pacing starts again from empty. */
    void drain() {
        PacedBucket r = requests;
        if (r != null) {
            r.onRateLimited();
        }
        PacedBucket t = tokens;
        if (t != null) {
            t.onRateLimited();
        }
        PacedBucket o = outputTokens;
        if (o != null) {
            o.onRateLimited();
        }
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
}
