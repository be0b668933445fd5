package dev.llmguard.core.events;

import dev.llmguard.core.classify.Verdict;
import dev.llmguard.core.http.ResponseInfo;
import dev.llmguard.core.ratelimit.RateLimitSnapshot;

/** One attempt's response with what the guard read from it, parsed once. */
public final class Outcome {
    private final ResponseInfo response;
    private final Verdict verdict;
    private final RateLimitSnapshot limits;

    public Outcome(ResponseInfo response, Verdict verdict, RateLimitSnapshot limits) {
        this.response = response;
        this.verdict = verdict;
        this.limits = limits;
    }

    public ResponseInfo response() { return response; }
    public Verdict verdict() { return verdict; }
    public RateLimitSnapshot limits() { return limits; }
}
