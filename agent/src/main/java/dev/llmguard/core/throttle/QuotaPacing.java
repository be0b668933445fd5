package dev.llmguard.core.throttle;

import dev.llmguard.config.Limits;
import io.github.bucket4j.BucketConfiguration;
import java.util.concurrent.Semaphore;

/**
 * What a quota paces with: its effective limits turned into buckets and a concurrency bound, at the
 * configured headroom below the limits and at the share {@link PaceControl} allows. Rebuilt when
 * learning changes the limits and when the pace moves; requests read the current buckets without
 * a lock, so the fields are volatile and replaced whole.
 */
final class QuotaPacing {
    private final QuotaKey key;
    private final QuotaStore store;
    private final int headroomPercent;
    private final PaceControl pace = new PaceControl();

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
        if (!pace.onRateLimited(nowNanos)) {
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

    private synchronized void repace() {
        apply(effective, -1, -1, -1);
    }

    /**
     * Paces by {@code limits} from now on. The remaining counts are what the provider said is left
     * (-1: not known), so that buckets created for learned limits do not start fuller than the provider's.
     */
    synchronized void apply(Limits limits, long requestsRemaining, long tokensRemaining, long dayRemaining) {
        effective = limits;
        double share = (100 - headroomPercent) / 100.0 * pace.factor();
        requests = rebuild(requests, "requests", BucketConfigurations.requests(limits, share, requestsRemaining, dayRemaining));
        if (limits.tokensPerMinute() > 0) {
            long capacity = BucketConfigurations.burstCapacity(limits.tokensPerMinute(), share);
            tokensCapacity = capacity;
            tokens = rebuild(tokens, "tokens", BucketConfigurations.tokens(limits.tokensPerMinute(), share, capacity, tokensRemaining));
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
