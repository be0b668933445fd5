package dev.llmguard.core.throttle;

import dev.llmguard.config.Limits;

/** Told when a quota learns new limits, changes its pace or corrects its token estimates (for the log). */
public interface QuotaListener {
    void limitsLearned(Quota quota, Limits learned, Limits effective);

    /** The pace moved to {@code factor} of the limits after 429s despite pacing, or back up after successes. */
    void paceChanged(Quota quota, double factor);

    /** The provider's count of prompt tokens came to {@code factor} times the estimate, over {@code samples} responses. */
    default void tokensCalibrated(Quota quota, double factor, int samples) {
    }

    /**
     * This JVM's share of the requests everyone on the quota's key sends, from the fall of the
     * provider's remaining count, moved: its requests and tokens are paced at this share of the limits.
     */
    default void shareChanged(Quota quota, double share) {
    }
}
