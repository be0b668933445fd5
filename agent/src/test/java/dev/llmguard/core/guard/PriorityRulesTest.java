package dev.llmguard.core.guard;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PriorityRulesTest {
    private static boolean matches(String pattern, String name) {
        return PriorityRules.matches(pattern.split("\\*", -1), name);
    }

    @Test
    void threadNamePatternsMatchWithStarsAnywhere() {
        assertThat(matches("http-nio-*", "http-nio-8080-exec-1")).isTrue();
        assertThat(matches("qtp*", "qtp1234-56")).isTrue();
        assertThat(matches("XNIO-*-task-*", "XNIO-1-task-3")).isTrue();
        assertThat(matches("XNIO-*-task-*", "XNIO-1-I/O-3")).isFalse();
        assertThat(matches("*-worker", "pool-2-worker")).isTrue();
        assertThat(matches("main", "main")).isTrue();
        assertThat(matches("main", "mainly")).isFalse();
        assertThat(matches("ab*ba", "aba")).as("the ends must not overlap").isFalse();
        assertThat(matches("*", "")).isTrue();
    }

    @Test
    void onlyTheTwoNamesArePriorities() {
        assertThat(PriorityRules.unknown(null)).isFalse();
        assertThat(PriorityRules.unknown(" INTERACTIVE ")).isFalse();
        assertThat(PriorityRules.unknown("background")).isFalse();
        assertThat(PriorityRules.unknown("high")).isTrue();
    }
}
