package dev.llmguard.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The agent's settings, validated and typed. Immutable; {@link #defaults()} holds every default.
 * Keys and parsing live in {@link ConfigKeys}; this class only holds values.
 */
public final class GuardConfig {

    public enum LogLevel { OFF, ERROR, WARN, INFO, DEBUG }

    /** enforce: the guard acts; observe: it only logs what it would have done. */
    public enum Mode { ENFORCE, OBSERVE }

    /** Hosts guarded by default (exact names, or "*.suffix" patterns). */
    public static final List<String> DEFAULT_HOSTS = Collections.unmodifiableList(Arrays.asList(
            "api.openai.com", "*.openai.azure.com", "*.cognitiveservices.azure.com", "*.services.ai.azure.com",
            "api.anthropic.com", "generativelanguage.googleapis.com", "*-aiplatform.googleapis.com",
            "api.mistral.ai", "api.groq.com", "api.deepseek.com", "api.together.xyz", "api.together.ai",
            "api.fireworks.ai", "openrouter.ai", "api.x.ai", "api.cohere.com", "api.cohere.ai",
            "api.perplexity.ai", "api.cerebras.ai", "api.deepinfra.com", "api.moonshot.ai",
            "dashscope.aliyuncs.com", "api.voyageai.com", "inference.ai.azure.com", "models.inference.ai.azure.com"));

    /** Path endings that mark an LLM API call on any host (local gateways, proxies). */
    public static final List<String> DEFAULT_PATHS = Collections.unmodifiableList(Arrays.asList(
            "/chat/completions", "/v1/completions", "/v1/responses", "/v1/embeddings", "/v1/messages",
            "/v1/messages/count_tokens", ":generateContent", ":streamGenerateContent", ":embedContent",
            ":batchEmbedContents", ":countTokens", "/v2/chat", "/v2/embed", "/v2/rerank"));

    private final boolean enabled;
    private final LogLevel logLevel;
    private final List<String> scopeHosts;
    private final List<String> scopeExtraHosts;
    private final List<String> scopePaths;
    private final int retryMaxAttempts;
    private final long retryBaseDelayMillis;
    private final long retryMaxDelayMillis;
    private final long retryMaxServerWaitMillis;
    private final boolean retryOnTimeout;
    private final int maxBodyCaptureBytes;
    private final String configFile;
    private final boolean strict;
    private final long redisRetryIntervalMillis;
    private final long redisTimeoutMillis;
    private final String redisPrefix;
    private final String redisUrl;
    private final Mode mode;
    private final java.util.Map<String, Limits> limitsModels;
    private final java.util.Map<String, Limits> limitsHosts;
    private final Limits limitsDefault;
    private final int throttleHeadroomPercent;
    private final long throttleMaxWaitMillis;
    private final boolean throttleEnabled;

    private GuardConfig(Builder b) {
        this.enabled = b.enabled;
        this.logLevel = b.logLevel;
        this.scopeHosts = Collections.unmodifiableList(b.scopeHosts);
        this.scopeExtraHosts = Collections.unmodifiableList(b.scopeExtraHosts);
        this.scopePaths = Collections.unmodifiableList(b.scopePaths);
        this.retryMaxAttempts = b.retryMaxAttempts;
        this.retryBaseDelayMillis = b.retryBaseDelayMillis;
        this.retryMaxDelayMillis = b.retryMaxDelayMillis;
        this.retryMaxServerWaitMillis = b.retryMaxServerWaitMillis;
        this.retryOnTimeout = b.retryOnTimeout;
        this.maxBodyCaptureBytes = b.maxBodyCaptureBytes;
        this.configFile = b.configFile;
        this.strict = b.strict;
        this.redisRetryIntervalMillis = b.redisRetryIntervalMillis;
        this.redisTimeoutMillis = b.redisTimeoutMillis;
        this.redisPrefix = b.redisPrefix;
        this.redisUrl = b.redisUrl;
        this.mode = b.mode;
        this.limitsModels = b.limitsModels;
        this.limitsHosts = b.limitsHosts;
        this.limitsDefault = b.limitsDefault;
        this.throttleHeadroomPercent = b.throttleHeadroomPercent;
        this.throttleMaxWaitMillis = b.throttleMaxWaitMillis;
        this.throttleEnabled = b.throttleEnabled;
    }

    public static GuardConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.enabled = enabled;
        b.logLevel = logLevel;
        b.scopeHosts = scopeHosts;
        b.scopeExtraHosts = scopeExtraHosts;
        b.scopePaths = scopePaths;
        b.retryMaxAttempts = retryMaxAttempts;
        b.retryBaseDelayMillis = retryBaseDelayMillis;
        b.retryMaxDelayMillis = retryMaxDelayMillis;
        b.retryMaxServerWaitMillis = retryMaxServerWaitMillis;
        b.retryOnTimeout = retryOnTimeout;
        b.maxBodyCaptureBytes = maxBodyCaptureBytes;
        b.configFile = configFile;
        b.strict = strict;
        b.redisRetryIntervalMillis = redisRetryIntervalMillis;
        b.redisTimeoutMillis = redisTimeoutMillis;
        b.redisPrefix = redisPrefix;
        b.redisUrl = redisUrl;
        b.mode = mode;
        b.limitsModels = limitsModels;
        b.limitsHosts = limitsHosts;
        b.limitsDefault = limitsDefault;
        b.throttleHeadroomPercent = throttleHeadroomPercent;
        b.throttleMaxWaitMillis = throttleMaxWaitMillis;
        b.throttleEnabled = throttleEnabled;
        return b;
    }

    /** Master switch: false means the agent installs nothing. */
    public boolean enabled() { return enabled; }
    public LogLevel logLevel() { return logLevel; }
    /** Host patterns guarded; replaces the default list when set. */
    public List<String> scopeHosts() { return scopeHosts; }
    /** Host patterns guarded in addition to {@link #scopeHosts()}. */
    public List<String> scopeExtraHosts() { return scopeExtraHosts; }
    /** Path endings guarded on any host. */
    public List<String> scopePaths() { return scopePaths; }
    /** Server requests per logical request at most, the first included. */
    public int retryMaxAttempts() { return retryMaxAttempts; }
    public long retryBaseDelayMillis() { return retryBaseDelayMillis; }
    /** Cap of the computed backoff (not of server-given waits). */
    public long retryMaxDelayMillis() { return retryMaxDelayMillis; }
    /** A server-given wait longer than this means give up now rather than sleep. */
    public long retryMaxServerWaitMillis() { return retryMaxServerWaitMillis; }
    /** Whether a read/connect timeout counts as a retryable connection failure. */
    public boolean retryOnTimeout() { return retryOnTimeout; }
    /** Request bodies up to this size are copied for inspection; larger ones are left alone. */
    public int maxBodyCaptureBytes() { return maxBodyCaptureBytes; }
    /** The properties file the settings were also read from, as given; null when none was named. */
    public String configFile() { return configFile; }
    /** Test mode: an internal error of the agent fails the request instead of being suppressed. */
    public boolean strict() { return strict; }
    /** How long after a Redis failure the guard tries Redis again. */
    public long redisRetryIntervalMillis() { return redisRetryIntervalMillis; }
    /** Timeout of each Redis call. */
    public long redisTimeoutMillis() { return redisTimeoutMillis; }
    /** Prefix of every Redis key the agent writes. */
    public String redisPrefix() { return redisPrefix; }
    /** Redis URL (redis:// or rediss://) whose buckets the fleet shares; null: this JVM only. */
    public String redisUrl() { return redisUrl; }
    /** enforce: retry, pace and refuse; observe: send traffic exactly as without the agent and log what the guard would have done. */
    public Mode mode() { return mode; }
    public boolean observeOnly() { return mode == Mode.OBSERVE; }
    /** Limits per model, over the host's. */
    public java.util.Map<String, Limits> limitsModels() { return limitsModels; }
    /** Limits per host pattern, over the defaults. */
    public java.util.Map<String, Limits> limitsHosts() { return limitsHosts; }
    /** Limits for every quota (lower learned limits still apply). */
    public Limits limitsDefault() { return limitsDefault; }
    /** How far below the limits the guard paces, in percent. */
    public int throttleHeadroomPercent() { return throttleHeadroomPercent; }
    /** How long a request may wait for its quota before the guard refuses it locally. */
    public long throttleMaxWaitMillis() { return throttleMaxWaitMillis; }
    /** Whether requests are paced below their quota's limits. */
    public boolean throttleEnabled() { return throttleEnabled; }

    public static final class Builder {
        private boolean enabled = true;
        private LogLevel logLevel = LogLevel.INFO;
        private List<String> scopeHosts = DEFAULT_HOSTS;
        private List<String> scopeExtraHosts = Collections.emptyList();
        private List<String> scopePaths = DEFAULT_PATHS;
        private int retryMaxAttempts = 5;
        private long retryBaseDelayMillis = 500;
        private long retryMaxDelayMillis = 30_000;
        private long retryMaxServerWaitMillis = 60_000;
        private boolean retryOnTimeout = true;
        private int maxBodyCaptureBytes = 1 << 20;
        private String configFile = null;
        private boolean strict = false;
        private long redisRetryIntervalMillis = 5_000;
        private long redisTimeoutMillis = 250;
        private String redisPrefix = "llmguard";
        private String redisUrl = null;
        private Mode mode = Mode.ENFORCE;
        private java.util.Map<String, Limits> limitsModels = java.util.Collections.<String, Limits>emptyMap();
        private java.util.Map<String, Limits> limitsHosts = java.util.Collections.<String, Limits>emptyMap();
        private Limits limitsDefault = Limits.UNLIMITED;
        private int throttleHeadroomPercent = 2;
        private long throttleMaxWaitMillis = 30_000;
        private boolean throttleEnabled = true;

        public Builder enabled(boolean v) { this.enabled = v; return this; }
        public Builder logLevel(LogLevel v) { this.logLevel = v; return this; }
        public Builder scopeHosts(List<String> v) { this.scopeHosts = v; return this; }
        public Builder scopeExtraHosts(List<String> v) { this.scopeExtraHosts = v; return this; }
        public Builder scopePaths(List<String> v) { this.scopePaths = v; return this; }
        public Builder retryMaxAttempts(int v) { this.retryMaxAttempts = v; return this; }
        public Builder retryBaseDelayMillis(long v) { this.retryBaseDelayMillis = v; return this; }
        public Builder retryMaxDelayMillis(long v) { this.retryMaxDelayMillis = v; return this; }
        public Builder retryMaxServerWaitMillis(long v) { this.retryMaxServerWaitMillis = v; return this; }
        public Builder retryOnTimeout(boolean v) { this.retryOnTimeout = v; return this; }
        public Builder maxBodyCaptureBytes(int v) { this.maxBodyCaptureBytes = v; return this; }
        public Builder configFile(String v) { this.configFile = v; return this; }
        public Builder strict(boolean v) { this.strict = v; return this; }
        public Builder redisRetryIntervalMillis(long v) { this.redisRetryIntervalMillis = v; return this; }
        public Builder redisTimeoutMillis(long v) { this.redisTimeoutMillis = v; return this; }
        public Builder redisPrefix(String v) { this.redisPrefix = v; return this; }
        public Builder redisUrl(String v) { this.redisUrl = v; return this; }
        public Builder mode(Mode v) { this.mode = v; return this; }
        public Builder limitsModels(java.util.Map<String, Limits> v) { this.limitsModels = v; return this; }
        public Builder limitsHosts(java.util.Map<String, Limits> v) { this.limitsHosts = v; return this; }
        public Builder limitsDefault(Limits v) { this.limitsDefault = v; return this; }
        public Builder throttleHeadroomPercent(int v) { this.throttleHeadroomPercent = v; return this; }
        public Builder throttleMaxWaitMillis(long v) { this.throttleMaxWaitMillis = v; return this; }
        public Builder throttleEnabled(boolean v) { this.throttleEnabled = v; return this; }

        public GuardConfig build() {
            return new GuardConfig(this);
        }
    }
}
