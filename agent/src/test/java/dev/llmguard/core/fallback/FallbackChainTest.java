package dev.llmguard.core.fallback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.config.FallbackConfig;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FallbackChainTest {
    private static FallbackConfig rules(String... pairs) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], Arrays.asList(pairs[i + 1].split(",")));
        }
        return FallbackConfig.builder().models(m).build();
    }

    @Test
    void offersTheFallbacksInOrderThenNothing() {
        FallbackChain chain = new FallbackChain(rules("a", "b,c"), "a");
        assertThat(chain.hasNext("a")).isTrue();
        assertThat(chain.next("a")).isEqualTo("b");
        assertThat(chain.next("b")).isEqualTo("c");
        assertThat(chain.hasNext("c")).isFalse();
        assertThat(chain.next("c")).isNull();
    }

    @Test
    void aFallbacksOwnRulesComeBeforeTheRestOfItsParentsAndLoopsEnd() {
        FallbackChain chain = new FallbackChain(rules("a", "b,c", "b", "d,a", "d", "b,c"), "a");
        assertThat(chain.next("a")).isEqualTo("b");
        assertThat(chain.next("b")).isEqualTo("d");
        assertThat(chain.next("d")).isEqualTo("c");
        assertThat(chain.next("c")).isNull();
    }
}
