package dev.llmguard.core.throttle;

import dev.llmguard.config.Limits;

/** Told when a quota learns new limits from the provider's headers (for the log). */
public interface QuotaListener {
    void limitsLearned(Quota quota, Limits learned, Limits effective);
}
