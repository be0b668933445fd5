package dev.llmguard.core.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.config.Limits;
import dev.llmguard.config.ThrottleConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfiguredLimitsTest {

    @Test
    void modelRulesOverrideHostRulesWhichOverrideTheDefaultItemByItem() {
        Map<String, Limits> hosts = new LinkedHashMap<>();
        hosts.put("*.openai.azure.com", Limits.parse("rpm=300 tpm=40000"));
        hosts.put("api.openai.com", Limits.parse("rpm=500"));
        Map<String, Limits> models = new LinkedHashMap<>();
        models.put("gpt-4o", Limits.parse("tpm=30000"));
        ConfiguredLimits limits = new ConfiguredLimits(ThrottleConfig.builder().limitsDefault(Limits.parse("rpm=100 tpm=10000 concurrency=8"))
                .limitsHosts(hosts).limitsModels(models).build());

        assertThat(limits.forKey(new QuotaKey("api.openai.com", "k", "gpt-4o"))).isEqualTo(Limits.parse("rpm=500 tpm=30000 concurrency=8"));
        assertThat(limits.forKey(new QuotaKey("eu.openai.azure.com:443", "k", "other"))).isEqualTo(Limits.parse("rpm=300 tpm=40000 concurrency=8"));
        assertThat(limits.forKey(new QuotaKey("localhost:8080", "k", "x"))).isEqualTo(Limits.parse("rpm=100 tpm=10000 concurrency=8"));
    }

    @Test
    void limitsTextRoundTripsAndRejectsNonsense() {
        assertThat(Limits.parse("rpm=500, tpm=30000 rpd=10000 concurrency=4").toString()).isEqualTo("rpm=500 tpm=30000 rpd=10000 concurrency=4");
        assertThat(Limits.parse("tpm=30000 otpm=8000").outputTokensPerMinute()).isEqualTo(8000);
        assertThat(Limits.parse(Limits.parse("rpm=50 tpm=30000 otpm=8000").toString())).as("its text reads back (Redis shares it so)")
                .isEqualTo(Limits.parse("rpm=50 tpm=30000 otpm=8000"));
        assertThat(Limits.parse("otpm=9000").min(Limits.parse("otpm=8000 tpm=5"))).isEqualTo(Limits.parse("otpm=8000 tpm=5"));
        for (String bad : new String[] {"rpm", "rpm=abc", "rpm=0", "rps=3", " "}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Limits.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Limits.parse("rpm=5").min(Limits.parse("rpm=3 tpm=7"))).isEqualTo(Limits.parse("rpm=3 tpm=7"));
    }
}
