package dev.llmguard.config;

/** What the guard copies of a request to inspect it (llmguard.capture.*). Immutable and checked when built. */
public final class CaptureConfig {
    private final int maxBodyBytes;

    private CaptureConfig(Builder b) {
        this.maxBodyBytes = ConfigChecks.atLeast("llmguard.capture.max-body-bytes", 0, b.maxBodyBytes);
    }

    public static CaptureConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Request bodies up to this size are copied for inspection; larger ones are left alone. */
    public int maxBodyBytes() { return maxBodyBytes; }

    public static final class Builder {
        private int maxBodyBytes = 1 << 20;

        private Builder() {
        }

        public Builder maxBodyBytes(int v) { this.maxBodyBytes = v; return this; }

        /** @throws IllegalArgumentException naming llmguard.capture.max-body-bytes when it is negative */
        public CaptureConfig build() {
            return new CaptureConfig(this);
        }
    }
}
