package dev.llmguard.config;

import java.util.List;
import java.util.Map;

/**
 * The agent's settings, validated and typed. Immutable; {@link #defaults()} holds every default.
 * Keys and parsing live in {@link ConfigKeys}; this class only holds values: the few that concern the
 * agent as a whole, and one piece per concern ({@link #retry()}, {@link #throttle()}, ...) so that
 * each part of the guard is handed only the piece it needs.
 */
public final class GuardConfig {

    public enum LogLevel { OFF, ERROR, WARN, INFO, DEBUG }

    /** enforce: the guard acts; observe: it only logs what it would have done. */
    public enum Mode { ENFORCE, OBSERVE }

    private final boolean enabled;
    private final String configFile;
    private final boolean strict;
    private final Mode mode;
    private final LogConfig log;
    private final ScopeConfig scope;
    private final RetryConfig retry;
    private final ThrottleConfig throttle;
    private final PriorityConfig priority;
    private final TenantConfig tenants;
    private final BreakerConfig breaker;
    private final FallbackConfig fallback;
    private final CaptureConfig capture;
    private final RedisConfig redis;

    private GuardConfig(Builder b) {
        this.enabled = b.enabled;
        this.configFile = b.configFile;
        this.strict = b.strict;
        this.mode = ConfigChecks.notNull("llmguard.mode", b.mode);
        this.log = b.log.build();
        this.scope = b.scope.build();
        this.retry = b.retry.build();
        this.throttle = b.throttle.build();
        this.priority = b.priority.build();
        this.tenants = b.tenants.build();
        this.breaker = b.breaker.build();
        this.fallback = b.fallback.build();
        this.capture = b.capture.build();
        this.redis = b.redis.build();
    }

    public static GuardConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Master switch: false means the agent installs nothing. */
    public boolean enabled() { return enabled; }
    /** The properties file the settings were also read from, as given; null when none was named. */
    public String configFile() { return configFile; }
    /** Test mode: an internal error of the agent fails the request instead of being suppressed. */
    public boolean strict() { return strict; }
    /** enforce: retry, pace and refuse; observe: send traffic exactly as without the agent and log what the guard would have done. */
    public Mode mode() { return mode; }
    public boolean observeOnly() { return mode == Mode.OBSERVE; }

    public LogConfig log() { return log; }
    public ScopeConfig scope() { return scope; }
    public RetryConfig retry() { return retry; }
    public ThrottleConfig throttle() { return throttle; }
    public PriorityConfig priority() { return priority; }
    public TenantConfig tenants() { return tenants; }
    public BreakerConfig breaker() { return breaker; }
    public FallbackConfig fallback() { return fallback; }
    public CaptureConfig capture() { return capture; }
    public RedisConfig redis() { return redis; }

    /**
     * One setter per key, as {@link ConfigKeys} applies them; the pieces are built, and check their
     * values, in {@link #build()}, so the order of the setters does not matter.
     */
    public static final class Builder {
        private boolean enabled = true;
        private String configFile = null;
        private boolean strict = false;
        private Mode mode = Mode.ENFORCE;
        private final LogConfig.Builder log = LogConfig.builder();
        private final ScopeConfig.Builder scope = ScopeConfig.builder();
        private final RetryConfig.Builder retry = RetryConfig.builder();
        private final ThrottleConfig.Builder throttle = ThrottleConfig.builder();
        private final PriorityConfig.Builder priority = PriorityConfig.builder();
        private final TenantConfig.Builder tenants = TenantConfig.builder();
        private final BreakerConfig.Builder breaker = BreakerConfig.builder();
        private final FallbackConfig.Builder fallback = FallbackConfig.builder();
        private final CaptureConfig.Builder capture = CaptureConfig.builder();
        private final RedisConfig.Builder redis = RedisConfig.builder();

        private Builder() {
        }

        public Builder enabled(boolean v) { this.enabled = v; return this; }
        public Builder configFile(String v) { this.configFile = v; return this; }
        public Builder strict(boolean v) { this.strict = v; return this; }
        public Builder mode(Mode v) { this.mode = v; return this; }
        public Builder logLevel(LogLevel v) { log.level(v); return this; }
        public Builder logFormat(LogConfig.Format v) { log.format(v); return this; }
        public Builder alertsBudgetPercents(java.util.List<Integer> v) { log.budgetPercents(v); return this; }
        public Builder scopeHosts(List<String> v) { scope.hosts(v); return this; }
        public Builder scopeExtraHosts(List<String> v) { scope.extraHosts(v); return this; }
        public Builder scopePaths(List<String> v) { scope.paths(v); return this; }
        public Builder retryMaxAttempts(int v) { retry.maxAttempts(v); return this; }
        public Builder retryBaseDelayMillis(long v) { retry.baseDelayMillis(v); return this; }
        public Builder retryMaxDelayMillis(long v) { retry.maxDelayMillis(v); return this; }
        public Builder retryMaxServerWaitMillis(long v) { retry.maxServerWaitMillis(v); return this; }
        public Builder retryOnTimeout(boolean v) { retry.onTimeout(v); return this; }
        public Builder retryBudgetPercent(int v) { retry.budgetPercent(v); return this; }
        public Builder retryBudgetMinRetries(int v) { retry.budgetMinRetries(v); return this; }
        public Builder breakerFailureThreshold(int v) { breaker.failureThreshold(v); return this; }
        public Builder breakerCooldownMillis(long v) { breaker.cooldownMillis(v); return this; }
        public Builder fallbackModels(Map<String, List<String>> v) { fallback.models(v); return this; }
        public Builder throttleEnabled(boolean v) { throttle.enabled(v); return this; }
        public Builder throttleMaxWaitMillis(long v) { throttle.maxWaitMillis(v); return this; }
        public Builder throttleHeadroomPercent(int v) { throttle.headroomPercent(v); return this; }
        public Builder limitsDefault(Limits v) { throttle.limitsDefault(v); return this; }
        public Builder limitsHosts(Map<String, Limits> v) { throttle.limitsHosts(v); return this; }
        public Builder limitsModels(Map<String, Limits> v) { throttle.limitsModels(v); return this; }
        public Builder priorityDefault(PriorityConfig.Priority v) { priority.defaultPriority(v); return this; }
        public Builder priorityInteractiveThreads(List<String> v) { priority.interactiveThreads(v); return this; }
        public Builder priorityInteractiveMaxWaitMillis(long v) { priority.interactiveMaxWaitMillis(v); return this; }
        public Builder tenantsKey(String v) { tenants.key(v); return this; }
        public Builder tenantsLimits(Limits v) { tenants.limits(v); return this; }
        public Builder maxBodyCaptureBytes(int v) { capture.maxBodyBytes(v); return this; }
        public Builder redisUrl(String v) { redis.url(v); return this; }
        public Builder redisPrefix(String v) { redis.prefix(v); return this; }
        public Builder redisTimeoutMillis(long v) { redis.timeoutMillis(v); return this; }
        public Builder redisRetryIntervalMillis(long v) { redis.retryIntervalMillis(v); return this; }

        /** @throws IllegalArgumentException naming the llmguard.* key of a value out of range */
        public GuardConfig build() {
            return new GuardConfig(this);
        }
    }
}
