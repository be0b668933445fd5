package dev.llmguard.it.support;

import static org.assertj.core.api.Assertions.assertThat;

/** Secrets placed in every request and response; none may ever appear in the agent's output. */
public final class Canaries {
    public static final String API_KEY = "sk-canary-7f3a9c1e5b2d4f6a8c0e";
    public static final String PROMPT = "canary-prompt-Zq81Xv";
    public static final String RESPONSE = "canary-response-Pw42Ly";

    private Canaries() {
    }

    public static void assertNoneIn(RunResult result) {
        assertThat(result.stderr).as("agent output must not leak the API key").doesNotContain(API_KEY).doesNotContain("canary-7f3a9c");
        assertThat(result.stderr).as("agent output must not leak the prompt").doesNotContain(PROMPT);
        assertThat(result.stderr).as("agent output must not leak the response").doesNotContain(RESPONSE);
    }
}
