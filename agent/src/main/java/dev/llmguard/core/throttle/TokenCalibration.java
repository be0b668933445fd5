package dev.llmguard.core.throttle;

/**
 * How a quota's provider counts prompt tokens against the agent's estimate from characters (one
 * token per four): real tokenizers count non-English text, code, JSON and tool definitions
 * differently, and a tokens limit paced on the wrong count either draws 429s (the provider counts
 * more) or leaves quota unused (it counts fewer). Each response that reports its input tokens is a
 * sample; the factor is the ratio of the counted to the estimated tokens over recent responses,
 * each weighing as much as all before it together, so a new ratio shows within two or three
 * responses and one odd request does not swing it.
 */
final class TokenCalibration {
    /**
     * Fewer estimated prompt tokens than this say little: the fixed tokens a chat format adds to
     * each message would dominate the ratio.
     */
    static final long MIN_SAMPLE_TOKENS = 32;
    static final double MIN_FACTOR = 0.1;
    static final double MAX_FACTOR = 10;
    /** The weight the past keeps at each sample. */
    private static final double KEEP = 0.5;
    /** A change of the factor by this share or more is worth a log line. */
    private static final double REPORTED_CHANGE = 0.1;

    private double estimated;
    private double counted;
    private int samples;
    private double reported = 1.0;
    private volatile double factor = 1.0;

    /** Provider tokens per estimated prompt token; 1.0 until a response has told. */
    double factor() {
        return factor;
    }

    synchronized int samples() {
        return samples;
    }

    /** The tokens to charge for {@code estimate}: its prompt part at the current factor, its output part as it is. */
    long cost(TokenEstimate estimate) {
        double f = factor;
        long prompt = estimate.promptTokens();
        if (f != 1.0 && prompt > 0) {
            double scaled = Math.ceil(prompt * f);
            prompt = scaled >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) scaled;
        }
        long output = estimate.outputTokens();
        return output > Long.MAX_VALUE - prompt ? Long.MAX_VALUE : prompt + output;
    }

    /**
     * One response's count of the prompt tokens that were estimated at {@code estimatedPrompt}
     * ({@code countedPrompt} -1: not reported). True when the factor moved by a tenth or more since
     * it was last reported true.
     */
    synchronized boolean observe(long estimatedPrompt, long countedPrompt) {
        if (estimatedPrompt < MIN_SAMPLE_TOKENS || countedPrompt < 0) {
            return false;
        }
        estimated = estimated * KEEP + estimatedPrompt;
        counted = counted * KEEP + countedPrompt;
        samples++;
        double f = Math.max(MIN_FACTOR, Math.min(MAX_FACTOR, counted / estimated));
        factor = f;
        if (Math.abs(f / reported - 1) >= REPORTED_CHANGE) {
            reported = f;
            return true;
        }
        return false;
    }
}
