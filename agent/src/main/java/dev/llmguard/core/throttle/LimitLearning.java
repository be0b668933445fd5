package dev.llmguard.core.throttle;

import dev.llmguard.config.Limits;
import dev.llmguard.core.ratelimit.RateLimitSnapshot;

/**
 * What a quota learns about its limits: from the provider's rate-limit headers, or from another JVM
 * of the fleet that learned them first. Until the first response tells them (nothing configured) the
 * quota is learning, and {@link AdmissionSteps} lets one request out at a time. Learned limits are
 * paced by where they are lower than the configured ones, item by item.
 *
 * <p>Locks this object, then {@link QuotaPacing}: never the other way round.
 */
final class LimitLearning {
    /** A requests limit whose reset is further away than this is a per-day limit (e.g. 4h43m36s). */
    private static final long DAILY_RESET_THRESHOLD_MILLIS = 65_000;

    private final Quota quota;
    private final Limits configured;
    private final QuotaStore store;
    private final QuotaPacing pacing;
    private final QuotaListener listener;

    private volatile boolean learning;
    private volatile Limits learned = Limits.UNLIMITED;
    private boolean requestsLimitIsDaily;

    /** @param quota the quota learning, as the listener is told */
    LimitLearning(Quota quota, Limits configured, QuotaStore store, QuotaPacing pacing, QuotaListener listener) {
        this.quota = quota;
        this.configured = configured;
        this.store = store;
        this.pacing = pacing;
        this.listener = listener;
        this.learning = configured.requestsPerMinute() == Limits.NONE && configured.tokensPerMinute() == Limits.NONE;
    }

    Limits configured() {
        return configured;
    }

    /** True until the first response (or the fleet) told the limits, when none are configured. */
    boolean isLearning() {
        return learning;
    }

    /** Limits another JVM of the fleet already learned end this one's learning at once. */
    void adoptSharedLimits() {
        Limits shared = store.sharedLimits(quota.key());
        if (shared == null || shared.isUnlimited()) {
            return;
        }
        synchronized (this) {
            if (learning) {
                learned = shared;
                requestsLimitIsDaily = shared.requestsPerDay() > 0 && shared.requestsPerMinute() <= 0;
                pacing.apply(configured.min(shared), -1, -1, -1);
                learning = false;
                listener.limitsLearned(quota, shared, pacing.limits());
            }
        }
    }

    /**
     * What a response's headers tell: the limits (shared with the fleet when new), what remains, and
     * from how fast that falls, this JVM's share of the key's spend.
     *
     * @param sentAtNanos when the request was let go (0: not known)
     */
    void learnFrom(RateLimitSnapshot s, long sentAtNanos) {
        long requestsLimit = s.requestsLimit();
        // Anthropic's separate input and output limits are paced apart: tpm then counts input tokens
        boolean split = s.has(RateLimitSnapshot.Dimension.INPUT_TOKENS) && s.has(RateLimitSnapshot.Dimension.OUTPUT_TOKENS);
        long tokensLimit = split ? s.limit(RateLimitSnapshot.Dimension.INPUT_TOKENS) : s.tokensLimit();
        long tokensRemaining = split ? s.remaining(RateLimitSnapshot.Dimension.INPUT_TOKENS) : s.tokensRemaining();
        if (tokensLimit < 0 && s.has(RateLimitSnapshot.Dimension.INPUT_TOKENS)) {
            tokensLimit = s.limit(RateLimitSnapshot.Dimension.INPUT_TOKENS);
        }
        long outputLimit = split ? s.limit(RateLimitSnapshot.Dimension.OUTPUT_TOKENS) : -1;
        if (requestsLimit <= 0 && tokensLimit <= 0) {
            learning = false; // the provider sends no limits: nothing to learn, nothing to hold back
            return;
        }
        synchronized (this) {
            if (requestsLimit > 0 && s.requestsResetMillis() > DAILY_RESET_THRESHOLD_MILLIS) {
                requestsLimitIsDaily = true;
            }
            Limits seen = new Limits(requestsLimitIsDaily ? -1 : requestsLimit, tokensLimit,
                    requestsLimitIsDaily ? requestsLimit : -1, -1, outputLimit);
            Limits merged = learned.overriddenBy(seen);
            if (!merged.equals(learned)) {
                learned = merged;
                pacing.apply(configured.min(merged), s.requestsRemaining(), tokensRemaining,
                        requestsLimitIsDaily ? s.requestsRemaining() : -1);
                store.shareLimits(quota.key(), merged);
                listener.limitsLearned(quota, merged, pacing.limits());
            }
            learning = false;
        }
        if (pacing.spent(sentAtNanos, requestsLimitIsDaily ? -1 : s.requestsRemaining(), requestsLimitIsDaily ? -1 : requestsLimit)) {
            listener.shareChanged(quota, pacing.keyShare());
        }
        correctDown(pacing.requests(), requestsLimitIsDaily ? -1 : s.requestsRemaining());
        correctDown(pacing.tokens(), tokensRemaining);
        correctDown(pacing.outputTokens(), split ? s.remaining(RateLimitSnapshot.Dimension.OUTPUT_TOKENS) : -1);
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
}
