package dev.llmguard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ConfigPiecesTest {

    /** The piece refuses the value with a message that names the key, and the key is a real one. */
    private static void refused(String key, ThrowingCallable build) {
        assertThat(ConfigKeys.byName(key)).as(key).isNotNull();
        assertThatThrownBy(build).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(key + " ");
    }

    @Test
    void guardConfigDefaultsAreThePiecesDefaults() {
        GuardConfig d = GuardConfig.defaults();
        assertThat(d.retry().maxAttempts()).isEqualTo(RetryConfig.defaults().maxAttempts());
        assertThat(d.retry().maxDelayMillis()).isEqualTo(30_000);
        assertThat(d.throttle().headroomPercent()).isEqualTo(ThrottleConfig.defaults().headroomPercent());
        assertThat(d.throttle().limitsDefault()).isEqualTo(Limits.UNLIMITED);
        assertThat(d.capture().maxBodyBytes()).isEqualTo(1 << 20);
        assertThat(d.redis().url()).isNull();
        assertThat(d.redis().prefix()).isEqualTo("llmguard");
        assertThat(d.scope().hosts()).isEqualTo(ScopeConfig.DEFAULT_HOSTS);
        assertThat(d.log().level()).isEqualTo(GuardConfig.LogLevel.INFO);
    }

    @Test
    void theFlatBuilderSettersFillThePieces() {
        GuardConfig c = GuardConfig.builder().retryMaxDelayMillis(50).retryBaseDelayMillis(10).throttleMaxWaitMillis(100)
                .maxBodyCaptureBytes(64).redisPrefix("p").scopeExtraHosts(Collections.singletonList("llm.example"))
                .logLevel(GuardConfig.LogLevel.DEBUG).build();
        assertThat(c.retry().baseDelayMillis()).isEqualTo(10);
        assertThat(c.retry().maxDelayMillis()).isEqualTo(50);
        assertThat(c.throttle().maxWaitMillis()).isEqualTo(100);
        assertThat(c.capture().maxBodyBytes()).isEqualTo(64);
        assertThat(c.redis().prefix()).isEqualTo("p");
        assertThat(c.scope().extraHosts()).containsExactly("llm.example");
        assertThat(c.log().level()).isEqualTo(GuardConfig.LogLevel.DEBUG);
    }

    @Test
    void retryValuesOutOfRangeAreRefusedNamingTheKey() {
        refused("llmguard.retry.max-attempts", () -> RetryConfig.builder().maxAttempts(0).build());
        refused("llmguard.retry.base-delay", () -> RetryConfig.builder().baseDelayMillis(-1).build());
        refused("llmguard.retry.max-server-wait", () -> RetryConfig.builder().maxServerWaitMillis(-1).build());
        refused("llmguard.retry.max-delay", () -> RetryConfig.builder().baseDelayMillis(2_000).maxDelayMillis(1_000).build());
        assertThatThrownBy(() -> GuardConfig.builder().retryMaxDelayMillis(100).build())
                .hasMessage("llmguard.retry.max-delay (100ms) must not be less than llmguard.retry.base-delay (500ms)");
        assertThat(RetryConfig.builder().baseDelayMillis(2_000).maxDelayMillis(2_000).build().maxDelayMillis()).isEqualTo(2_000);
    }

    @Test
    void throttleValuesOutOfRangeAreRefusedNamingTheKey() {
        refused("llmguard.throttle.max-wait", () -> ThrottleConfig.builder().maxWaitMillis(-1).build());
        refused("llmguard.throttle.headroom-percent", () -> ThrottleConfig.builder().headroomPercent(100).build());
        refused("llmguard.throttle.headroom-percent", () -> ThrottleConfig.builder().headroomPercent(-1).build());
        refused("llmguard.limits.default", () -> ThrottleConfig.builder().limitsDefault(null).build());
        refused("llmguard.limits.hosts", () -> ThrottleConfig.builder().limitsHosts(null).build());
        Map<String, Limits> noLimits = new LinkedHashMap<>();
        noLimits.put("gpt-4o", null);
        refused("llmguard.limits.models", () -> ThrottleConfig.builder().limitsModels(noLimits).build());
    }

    @Test
    void limitRulesAreCopiedInTheirOrder() {
        Map<String, Limits> hosts = new LinkedHashMap<>();
        hosts.put("*.openai.azure.com", Limits.parse("rpm=300"));
        hosts.put("api.openai.com", Limits.parse("rpm=500"));
        ThrottleConfig t = ThrottleConfig.builder().limitsHosts(hosts).build();
        hosts.clear();
        assertThat(t.limitsHosts().keySet()).containsExactly("*.openai.azure.com", "api.openai.com");
        assertThatThrownBy(() -> t.limitsHosts().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void otherPiecesRefuseWhatTheyCannotWorkWith() {
        refused("llmguard.capture.max-body-bytes", () -> CaptureConfig.builder().maxBodyBytes(-1).build());
        refused("llmguard.redis.prefix", () -> RedisConfig.builder().prefix("").build());
        refused("llmguard.redis.timeout", () -> RedisConfig.builder().timeoutMillis(-1).build());
        refused("llmguard.redis.retry-interval", () -> RedisConfig.builder().retryIntervalMillis(-1).build());
        refused("llmguard.scope.paths", () -> ScopeConfig.builder().paths(null).build());
        refused("llmguard.scope.extra-hosts", () -> ScopeConfig.builder().extraHosts(Arrays.asList("a.example", null)).build());
        refused("llmguard.log.level", () -> LogConfig.builder().level(null).build());
        refused("llmguard.mode", () -> GuardConfig.builder().mode(null).build());
    }
}
