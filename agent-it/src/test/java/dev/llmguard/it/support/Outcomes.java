package dev.llmguard.it.support;

import static org.assertj.core.api.Assertions.assertThat;

/** What every child run must show, whatever the test: it ended by itself, cleanly, and the agent stayed quiet about secrets and itself. */
public final class Outcomes {
    private Outcomes() {
    }

    public static RunResult assertHealthy(RunResult result) {
        assertThat(result.timedOut).as(result.all()).isFalse();
        assertThat(result.exitCode).as(result.all()).isZero();
        Canaries.assertNoneIn(result);
        assertThat(result.stderr).as("no internal error may be suppressed").doesNotContain("internal error").doesNotContain("strict mode");
        return result;
    }

    /** Lines of stdout starting with the prefix, as one string each. */
    public static String line(RunResult result, String prefix) {
        return result.lines(prefix).stream().findFirst().orElseThrow(() -> new AssertionError("no line '" + prefix + "'\n" + result.all()));
    }
}
