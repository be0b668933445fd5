package dev.llmguard.core.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.core.http.Headers;
import dev.llmguard.core.http.RequestInfo;
import org.junit.jupiter.api.Test;

class QuotaKeyTest {
    private static final String SECRET = "sk-proj-canary-0123456789abcdef";

    private static RequestInfo request(Headers headers, String query) {
        return RequestInfo.builder().host("api.openai.com").port(443).path("/v1/chat/completions").query(query).headers(headers).build();
    }

    @Test
    void identifiesAQuotaByHostKeyFingerprintAndModel() {
        QuotaKey a = QuotaKey.of(request(Headers.of("Authorization", "Bearer " + SECRET), null), "gpt-4o");
        QuotaKey b = QuotaKey.of(request(Headers.of("authorization", "Bearer " + SECRET), null), "gpt-4o");
        QuotaKey otherModel = QuotaKey.of(request(Headers.of("Authorization", "Bearer " + SECRET), null), "gpt-4o-mini");
        QuotaKey otherKey = QuotaKey.of(request(Headers.of("Authorization", "Bearer sk-other"), null), "gpt-4o");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(otherModel).isNotEqualTo(otherKey);
        assertThat(a.host()).isEqualTo("api.openai.com");
    }

    @Test
    void neverKeepsTheKeyItself() {
        QuotaKey k = QuotaKey.of(request(Headers.of("Authorization", "Bearer " + SECRET), null), "gpt-4o");
        assertThat(k.keyFingerprint()).hasSize(12).matches("[0-9a-f]+");
        assertThat(k.toString()).doesNotContain(SECRET).doesNotContain("canary");
    }

    @Test
    void readsEveryProvidersKeyHeaderAndGeminisQueryKey() {
        String fp = QuotaKey.fingerprint(SECRET);
        assertThat(QuotaKey.of(request(Headers.of("api-key", SECRET), null), null).keyFingerprint()).isEqualTo(fp);
        assertThat(QuotaKey.of(request(Headers.of("x-api-key", SECRET), null), null).keyFingerprint()).isEqualTo(fp);
        assertThat(QuotaKey.of(request(Headers.of("x-goog-api-key", SECRET), null), null).keyFingerprint()).isEqualTo(fp);
        assertThat(QuotaKey.of(request(Headers.EMPTY, "alt=sse&key=" + SECRET), null).keyFingerprint()).isEqualTo(fp);
        assertThat(QuotaKey.of(request(Headers.EMPTY, null), null).keyFingerprint()).isEqualTo("none");
        assertThat(QuotaKey.of(request(Headers.EMPTY, null), null).model()).isEqualTo("*");
    }

    @Test
    void aHeaderValueSentAgainGetsTheSameFingerprintAndOthersTheirOwn() {
        String header = "Bearer " + SECRET;
        String expected = QuotaKey.fingerprint(SECRET);
        for (int i = 0; i < 3; i++) {
            // the same string object each time (remembered), then an equal one built anew (hashed)
            assertThat(QuotaKey.of(request(Headers.of("Authorization", header), null), "m").keyFingerprint()).isEqualTo(expected);
            assertThat(QuotaKey.of(request(Headers.of("Authorization", new String(header)), null), "m").keyFingerprint()).isEqualTo(expected);
        }
        for (int k = 0; k < 100; k++) {
            String other = "Bearer sk-key-" + k;
            assertThat(QuotaKey.of(request(Headers.of("Authorization", other), null), "m").keyFingerprint())
                    .isEqualTo(QuotaKey.fingerprint("sk-key-" + k));
            assertThat(QuotaKey.of(request(Headers.of("Authorization", other), null), "m").keyFingerprint())
                    .as("remembered by identity, never confused with another key in its slot").isEqualTo(QuotaKey.fingerprint("sk-key-" + k));
        }
        assertThat(QuotaKey.of(request(Headers.of("Authorization", header), null), "m").keyFingerprint()).isEqualTo(expected);
    }
}
