package dev.llmguard.config;

/**
 * Fair shares of each quota per tenant (llmguard.tenants.*): where a request's tenant is read, and
 * the limits each tenant is held to. Immutable and checked when built.
 */
public final class TenantConfig {
    /** The body fields a tenant can be read from; any other name is a header's. */
    public static final String[] BODY_FIELDS = {"user", "safety_identifier", "metadata.user_id"};

    private final String key;
    private final Limits limits;

    private TenantConfig(Builder b) {
        this.key = b.key;
        this.limits = ConfigChecks.notNull("llmguard.tenants.limits", b.limits);
    }

    public static TenantConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether quotas are split per tenant at all. */
    public boolean enabled() { return key != null; }
    /** A header name or one of {@link #BODY_FIELDS}; null when tenants are not told apart. */
    public String key() { return key; }
    /** True when {@link #key()} names a body field rather than a header. */
    public boolean keyInBody() {
        for (String f : BODY_FIELDS) {
            if (f.equals(key)) {
                return true;
            }
        }
        return false;
    }
    /** The limits every tenant is held to within each quota; UNLIMITED when none. */
    public Limits limits() { return limits; }

    public static final class Builder {
        private String key = null;
        private Limits limits = Limits.UNLIMITED;

        private Builder() {
        }

        public Builder key(String v) { this.key = v; return this; }
        public Builder limits(Limits v) { this.limits = v; return this; }

        public TenantConfig build() {
            return new TenantConfig(this);
        }
    }
}
