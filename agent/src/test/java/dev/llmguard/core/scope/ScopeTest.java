package dev.llmguard.core.scope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.config.ScopeConfig;
import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class ScopeTest {
    private final Scope defaults = new Scope(ScopeConfig.defaults());

    @Test
    void guardsKnownLlmHostsOnAnyPath() {
        assertThat(defaults.matches("api.openai.com", "/v1/models")).isTrue();
        assertThat(defaults.matches("api.anthropic.com", "/v1/messages")).isTrue();
        assertThat(defaults.matches("my-resource.openai.azure.com", "/openai/deployments/gpt4/chat/completions")).isTrue();
        assertThat(defaults.matches("us-central1-aiplatform.googleapis.com", "/v1/projects/p")).isTrue();
        assertThat(defaults.matches("API.OpenAI.com", "/")).isTrue();
    }

    @Test
    void wildcardDoesNotMatchTheBareSuffixOrLookalikes() {
        assertThat(defaults.matches("openai.azure.com", "/")).isFalse();
        assertThat(defaults.matches("evilopenai.azure.com", "/")).isFalse();
        assertThat(defaults.matches("api.openai.com.example.org", "/")).isFalse();
    }

    @Test
    void guardsLlmPathsOnAnyHost() {
        assertThat(defaults.matches("127.0.0.1", "/v1/chat/completions")).isTrue();
        assertThat(defaults.matches("gateway.internal", "/openai/v1/chat/completions/")).isTrue();
        assertThat(defaults.matches("localhost", "/v1beta/models/gemini-2.0-flash:generateContent")).isTrue();
        assertThat(defaults.matches("litellm", "/v1/messages")).isTrue();
    }

    @Test
    void leavesOtherTrafficAlone() {
        assertThat(defaults.matches("localhost", "/api/orders")).isFalse();
        assertThat(defaults.matches("example.com", "/v1/messages/123")).isFalse();
        assertThat(defaults.matches(null, null)).isFalse();
    }

    @Test
    void extraHostsAddToTheListAndAnExplicitListReplacesIt() {
        Scope extra = new Scope(ScopeConfig.builder()
                .extraHosts(Arrays.asList("llm.corp.example", "*.gw.example")).paths(Collections.<String>emptyList()).build());
        assertThat(extra.matches("llm.corp.example", "/x")).isTrue();
        assertThat(extra.matches("eu.gw.example", "/x")).isTrue();
        assertThat(extra.matches("api.openai.com", "/x")).isTrue();

        Scope replaced = new Scope(ScopeConfig.builder()
                .hosts(Collections.singletonList("llm.corp.example")).paths(Collections.<String>emptyList()).build());
        assertThat(replaced.matches("api.openai.com", "/v1/chat/completions")).isFalse();
    }
}
