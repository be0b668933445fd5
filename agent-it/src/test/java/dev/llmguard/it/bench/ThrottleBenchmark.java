package dev.llmguard.it.bench;

import dev.llmguard.demo.simulator.LlmApiSimulator;
import dev.llmguard.demo.simulator.RetryAfterMode;
import dev.llmguard.it.bench.ThrottleRunner.Client;
import dev.llmguard.it.bench.ThrottleRunner.Configuration;
import dev.llmguard.it.bench.ThrottleRunner.Result;
import dev.llmguard.it.bench.ThrottleRunner.Scenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The throttling benchmark: every scenario x client x configuration, one run after the other,
 * against the in-process simulator. Not a test: it measures, prints a markdown table and writes
 * it and an SVG chart to {@code target/bench/throttle.md} and {@code throttle.svg}. Run it with
 * {@code mvn -B -q install -DskipTests && mvn -B -Pbench -pl agent-it verify}.
 *
 * <p>System properties: {@code bench.seconds} (sending time per run, 6), {@code bench.threads} (64),
 * {@code bench.thinkMs} (pause between a worker's calls, 50), {@code bench.verbose} (the agent's log
 * and the server's timeline of each run), and to run a part, comma-separated name prefixes:
 * {@code bench.scenarios} ({@code requests-bound/retry_after}, {@code tokens-bound/reset_headers_only},
 * {@code tokens}, ...), {@code bench.clients} ({@code okhttp_sync}, {@code sdk}, ...),
 * {@code bench.configurations} ({@code no_agent}, {@code zero_config}, {@code configured}).
 */
class ThrottleBenchmark {

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("requests-bound", 2400, 2_000_000, 64, 16, RetryAfterMode.RETRY_AFTER),
            new Scenario("tokens-bound", 12_000, 480_000, 400, 100, RetryAfterMode.RETRY_AFTER),
            new Scenario("requests-bound", 2400, 2_000_000, 64, 16, RetryAfterMode.RESET_HEADERS_ONLY),
            new Scenario("tokens-bound", 12_000, 480_000, 400, 100, RetryAfterMode.RESET_HEADERS_ONLY),
            // servers whose tokenizer counts the prompt otherwise than the agent's characters/4
            new Scenario("tokens-bound", 12_000, 480_000, 400, 100, RetryAfterMode.RETRY_AFTER, 2.0),
            new Scenario("tokens-bound", 12_000, 480_000, 400, 100, RetryAfterMode.RETRY_AFTER, 0.5));

    @Test
    void throttling() throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 6);
        int threads = Integer.getInteger("bench.threads", 64);
        int thinkMs = Integer.getInteger("bench.thinkMs", 50);
        List<String> scenarios = names("bench.scenarios");
        List<String> clients = names("bench.clients");
        List<String> configurations = names("bench.configurations");
        Path dir = Paths.get("target", "bench");
        Files.createDirectories(dir);

        List<Result> results = new ArrayList<>();
        long start = System.nanoTime();
        String loadBefore = loadAverage();
        try (LlmApiSimulator warmup = ThrottleRunner.startWarmupSimulator()) {
            for (Scenario scenario : SCENARIOS) {
                if (selected(scenarios, scenario.name() + "/" + scenario.mode().name().toLowerCase(Locale.ROOT))) {
                    try (LlmApiSimulator sim = scenario.startSimulator()) {
                        runScenario(sim, warmup, scenario, threads, seconds, thinkMs, clients, configurations, results);
                    }
                }
            }
        }
        String setup = String.format(Locale.ROOT, "%d threads (async: %d calls in flight) per run, each sending chat completions "
                + "for %d s with %d ms between a worker's calls, then waiting for its last call; the OpenAI Java SDK "
                + "%s and OkHttp %s with default settings; simulator limits enforced over 1 s windows, failed requests count. "
                + "requests-bound: 2,400 RPM (tokens not binding), 32 tokens a request; tokens-bound: 480,000 TPM, 200 tokens "
                + "a request (40 requests per second sustainable in both; 26.7 and 53.3 where the server counts 2x and 0.5x the "
                + "estimated prompt tokens). Goodput: requests answered 200 per second from 1 s after the "
                + "first request to the end of sending, as a share of the sustainable rate. Latency: every call as the "
                + "application saw it. Each run first warms its client up against another server. The server sending only reset "
                + "headers is run without the configured limits (it only changes what a 429 says). %d CPU cores; load average "
                + "%s before, %s after; total time %.0f s.",
                threads, threads, seconds, thinkMs, sdkVersion(),
                okhttp3.OkHttp.VERSION, Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage(),
                (System.nanoTime() - start) / 1e9);
        String table = ThrottleReport.markdown(results, setup);
        System.out.println();
        System.out.println(table);
        Files.writeString(dir.resolve("throttle.md"), table, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("throttle.svg"), ThrottleReport.svg(results), StandardCharsets.UTF_8);
        System.out.println("wrote " + dir.resolve("throttle.md").toAbsolutePath() + " and throttle.svg");
    }

    private static void runScenario(LlmApiSimulator sim, LlmApiSimulator warmup, Scenario scenario, int threads,
                                    int seconds, int thinkMs, List<String> clients, List<String> configurations,
                                    List<Result> results) throws Exception {
        for (Client client : Client.values()) {
            for (Configuration configuration : Configuration.values()) {
                if (!selected(clients, client.name().toLowerCase(Locale.ROOT))
                        || !selected(configurations, configuration.name().toLowerCase(Locale.ROOT))
                        || (configuration == Configuration.CONFIGURED && scenario.mode() == RetryAfterMode.RESET_HEADERS_ONLY)) {
                    continue; // the server variant only changes what a 429 says; with limits set there are none to read
                }
                Result r = ThrottleRunner.run(sim, warmup, scenario, client, configuration, threads, seconds, thinkMs);
                results.add(r);
                System.out.printf(Locale.ROOT, "[bench] %-14s %-18s %-12s %-18s calls=%d ok=%.1f%% 429=%.2f%% "
                                + "goodput=%.1f%% p50=%dms p99=%dms client cpu=%dms%n",
                        scenario.name(), scenario.serverText(), client.label, configuration.label, r.calls(),
                        r.succeededPercent(), r.server429Percent(), r.goodputPercent(), r.p50Ms(), r.p99Ms(),
                        r.clientCpuMillis());
                if (Boolean.getBoolean("bench.verbose")) {
                    System.out.println(r.agentLog());
                    System.out.println(timelineText(r));
                }
            }
        }
    }

    /** The version of the OpenAI SDK jar the SDK runs use. */
    private static String sdkVersion() {
        for (String entry : ThrottleRunner.sdkClasspath()) {
            String name = Paths.get(entry).getFileName().toString();
            if (name.startsWith("openai-java-core-") && name.endsWith(".jar")) {
                return name.substring("openai-java-core-".length(), name.length() - 4);
            }
        }
        return "(unknown version)";
    }

    /** The machine's load average (1, 5, 15 min) from /proc/loadavg, or "unknown". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Paths.get("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** The server's timeline of the run, one line per 100 ms: requests, 200s, 429s. */
    private static String timelineText(Result r) {
        StringBuilder sb = new StringBuilder();
        for (var b : r.stats().timeline()) {
            long at = b.offset().toMillis() - r.firstArrivalMillis();
            if (at >= 0) {
                sb.append(String.format(Locale.ROOT, "  %6d ms %4d %4d %4d%n", at, b.requests(), b.succeeded(), b.status429()));
            }
        }
        return sb.toString();
    }

    private static List<String> names(String property) {
        String v = System.getProperty(property, "").trim();
        return v.isEmpty() ? List.of() : Arrays.stream(v.split(",")).map(String::trim)
                .map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toList());
    }

    /** Selected when nothing was chosen, or when a chosen name is a prefix of {@code name} ("tokens", "sdk_async"). */
    private static boolean selected(List<String> chosen, String name) {
        return chosen.isEmpty() || chosen.stream().anyMatch(name::startsWith);
    }
}
