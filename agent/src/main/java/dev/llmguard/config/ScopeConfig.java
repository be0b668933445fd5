package dev.llmguard.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Which calls the guard owns (llmguard.scope.*). Immutable and checked when built. */
public final class ScopeConfig {
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

    private final List<String> hosts;
    private final List<String> extraHosts;
    private final List<String> paths;

    private ScopeConfig(Builder b) {
        this.hosts = copy("llmguard.scope.hosts", b.hosts);
        this.extraHosts = copy("llmguard.scope.extra-hosts", b.extraHosts);
        this.paths = copy("llmguard.scope.paths", b.paths);
    }

    private static List<String> copy(String key, List<String> values) {
        ConfigChecks.notNull(key, values);
        for (String v : values) { // not contains(null): List.of(...) throws on that
            if (v == null) {
                throw new IllegalArgumentException(key + " must not contain null");
            }
        }
        return Collections.unmodifiableList(new ArrayList<String>(values));
    }

    public static ScopeConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Host patterns guarded; replaces the default list when set. */
    public List<String> hosts() { return hosts; }
    /** Host patterns guarded in addition to {@link #hosts()}. */
    public List<String> extraHosts() { return extraHosts; }
    /** Path endings guarded on any host. */
    public List<String> paths() { return paths; }

    public static final class Builder {
        private List<String> hosts = DEFAULT_HOSTS;
        private List<String> extraHosts = Collections.emptyList();
        private List<String> paths = DEFAULT_PATHS;

        private Builder() {
        }

        public Builder hosts(List<String> v) { this.hosts = v; return this; }
        public Builder extraHosts(List<String> v) { this.extraHosts = v; return this; }
        public Builder paths(List<String> v) { this.paths = v; return this; }

        /** @throws IllegalArgumentException naming the llmguard.scope.* key whose list is missing or holds null */
        public ScopeConfig build() {
            return new ScopeConfig(this);
        }
    }
}
