package dev.llmguard.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.apps.ChatCallsApp;
import java.util.List;

/** Checks every child JVM run must pass, and the lines the apps print. */
public final class ChildRuns {
    private ChildRuns() {
    }

    /** Ended by itself with exit 0, leaked no secret, and the agent suppressed no internal error. */
    public static RunResult assertClean(RunResult result) {
        assertThat(result.timedOut).as(result.all()).isFalse();
        assertThat(result.exitCode).as(result.all()).isZero();
        Canaries.assertNoneIn(result);
        assertThat(result.stderr).as("no internal error may be suppressed").doesNotContain("internal error").doesNotContain("strict mode");
        assertThat(result.stderr).as("the agent adds no JVM warning (JDK 24+ warns on sun.misc.Unsafe)").doesNotContain("sun.misc.Unsafe");
        return result;
    }

    /** The plain OkHttp app on OkHttp 4 and the current JDK, making {@code calls} calls to {@code url} one after the other. */
    public static ChildJvm chatCalls(Object url, int calls) {
        return ChildJvm.on(Jdk.current()).okHttp(OkHttpVersion.OKHTTP_4)
                .main(ChatCallsApp.class.getName(), "url=" + url, "calls=" + calls, "apiKey=" + Canaries.API_KEY, "prompt=" + Canaries.PROMPT);
    }

    /** The app's line for call {@code n}. */
    public static String call(RunResult result, int n) {
        List<String> lines = result.lines("CALL " + n + " ");
        assertThat(lines).as(result.all()).hasSize(1);
        return lines.get(0);
    }

    /** The milliseconds the app measured for call {@code n}. */
    public static long millis(RunResult result, int n) {
        String line = call(result, n);
        int at = line.indexOf(" ms=");
        int end = line.indexOf(' ', at + 4);
        return Long.parseLong(line.substring(at + 4, end < 0 ? line.length() : end));
    }

    /** The agent's lines that contain every one of {@code parts}. */
    public static List<String> agentLinesWith(RunResult result, String... parts) {
        return result.agentLines().stream().filter(l -> {
            for (String p : parts) {
                if (!l.contains(p)) {
                    return false;
                }
            }
            return true;
        }).collect(java.util.stream.Collectors.toList());
    }
}
