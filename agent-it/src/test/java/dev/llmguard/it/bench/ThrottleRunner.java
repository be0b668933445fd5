package dev.llmguard.it.bench;

import dev.llmguard.demo.simulator.LlmApiSimulator;
import dev.llmguard.demo.simulator.RetryAfterMode;
import dev.llmguard.demo.simulator.SimulatorStats;
import dev.llmguard.it.support.ChildJvm;
import dev.llmguard.it.support.Jdk;
import dev.llmguard.it.support.OkHttpVersion;
import dev.llmguard.it.support.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the throttling workload ({@link ThrottleWorkload}) in a child JVM against an in-process
 * {@link LlmApiSimulator} and measures it from both sides: the application's calls (succeeded,
 * latency) and the server's answers (429s, goodput, timeline).
 */
final class ThrottleRunner {

    /** Server limits and the requests sent; which limit binds depends on both. */
    /** A server without limits (no rate-limit headers), for warming up the client. */
    static LlmApiSimulator startWarmupSimulator() {
        return LlmApiSimulator.builder().requestsPerMinute(0).tokensPerMinute(0).recordLimit(0).start();
    }

    /** {@code tokenizerRatio}: prompt tokens the server counts per characters/4 token the agent estimates. */
    record Scenario(String name, long rpm, long tpm, int promptChars, int maxTokens, RetryAfterMode mode, double tokenizerRatio) {
        Scenario(String name, long rpm, long tpm, int promptChars, int maxTokens, RetryAfterMode mode) {
            this(name, rpm, tpm, promptChars, maxTokens, mode, 1.0);
        }

        LlmApiSimulator startSimulator() {
            return LlmApiSimulator.builder().requestsPerMinute(rpm).tokensPerMinute(tpm).retryAfterMode(mode)
                    .tokenizerRatio(tokenizerRatio).recordLimit(0).start();
        }

        /** What the simulator charges each request of this scenario against its tokens limit. */
        long tokensPerRequest(LlmApiSimulator sim) {
            return sim.tokenCost(ThrottleWorkload.chatBody("gpt-4o-mini", ThrottleWorkload.prompt(promptChars), maxTokens));
        }

        String limitsText() {
            return "rpm=" + rpm + " tpm=" + tpm;
        }

        String serverText() {
            return (mode == RetryAfterMode.RETRY_AFTER ? "retry-after" : "reset headers only")
                    + (tokenizerRatio == 1.0 ? "" : ", counts " + tokenizerRatio + "x the estimated prompt tokens");
        }
    }

    enum Client {
        OKHTTP_SYNC("okhttp", "sync", "OkHttp sync"),
        OKHTTP_ASYNC("okhttp", "async", "OkHttp async"),
        SDK_SYNC("sdk", "sync", "SDK sync"),
        SDK_ASYNC("sdk", "async", "SDK async"),
        JDK_SYNC("jdk", "sync", "JDK client sync"),
        JDK_ASYNC("jdk", "async", "JDK client async"),
        APACHE_SYNC("apache", "sync", "Apache HttpClient 5"),
        APACHE_ASYNC("apache", "async", "Apache HttpClient 5 async"),
        URLCONNECTION_SYNC("urlconnection", "sync", "HttpURLConnection"),
        LANGCHAIN4J("langchain4j", "sync", "LangChain4j");

        final String client;
        final String mode;
        final String label;

        Client(String client, String mode, String label) {
            this.client = client;
            this.mode = mode;
            this.label = label;
        }

        /** Runs on the SDKs' and frameworks' class path (the build writes it with -Pbench). */
        boolean sdk() {
            return "sdk".equals(client) || "langchain4j".equals(client);
        }
    }

    enum Configuration {
        NO_AGENT("no agent"),
        ZERO_CONFIG("agent, zero config"),
        CONFIGURED("agent, limits set");

        final String label;

        Configuration(String label) {
            this.label = label;
        }
    }

    /** What one run measured. */
    record Result(Scenario scenario, Client client, Configuration configuration, int threads, long calls,
                  long succeeded, long unfinished, Map<String, Long> causes, long p50Ms, long p99Ms,
                  long serverRequests, long server429s, double goodputPercent, double sustainablePerSecond,
                  long firstArrivalMillis, long clientCpuMillis, SimulatorStats stats, String agentLog) {

        double succeededPercent() {
            return calls == 0 ? 0 : 100.0 * succeeded / calls;
        }

        double server429Percent() {
            return serverRequests == 0 ? 0 : 100.0 * server429s / serverRequests;
        }

        /** The targets for the agent at zero configuration. */
        boolean meetsTargets() {
            return unfinished == 0 && succeeded == calls && server429Percent() <= 1.0 && goodputPercent >= 97.0;
        }
    }

    /** The first second is left out of goodput: the server lets one second's worth through at once at the start. */
    static final long WARM_UP_MILLIS = 1000;

    private ThrottleRunner() {
    }

    /**
     * One run. {@code warmup}, when not null, is a server without limits that the workload calls first
     * with the same client code, so the run measures a warmed-up JVM whose quota at {@code sim} is new.
     */
    static Result run(LlmApiSimulator sim, LlmApiSimulator warmup, Scenario scenario, Client client,
                      Configuration configuration, int threads, int seconds, int thinkMs)
            throws IOException, InterruptedException {
        ChildJvm jvm = ChildJvm.on(Jdk.current()).classpath(ChildJvm.testClasses());
        if (client.sdk()) {
            sdkClasspath().forEach(jvm::classpath);
            jvm.classpath(dev.llmguard.it.support.FrameworkApps.slf4jApi());
        } else {
            OkHttpVersion.OKHTTP_4.jars().forEach(jvm::classpath); // the workload itself is written on OkHttp's types
            if ("apache".equals(client.client)) {
                dev.llmguard.it.support.ApacheClient.HC5.jars().forEach(jvm::classpath);
            }
        }
        switch (configuration) {
            case NO_AGENT -> jvm.withoutAgent();
            case ZERO_CONFIG -> { }
            case CONFIGURED -> jvm.property("llmguard.limits.default", scenario.limitsText());
        }
        List<String> args = new ArrayList<>(List.of("url=" + sim.baseUrl(), "client=" + client.client,
                "mode=" + client.mode, "threads=" + threads, "seconds=" + seconds, "thinkMs=" + thinkMs,
                "promptChars=" + scenario.promptChars(), "maxTokens=" + scenario.maxTokens()));
        if (warmup != null) {
            args.add("warmupUrl=" + warmup.baseUrl());
        }
        jvm.jvmArg("-Xmx256m").timeoutSeconds(seconds + 180L)
                .main(ThrottleWorkload.class.getName(), args.toArray(new String[0]));
        sim.reset();
        RunResult out = jvm.run();
        SimulatorStats stats = sim.stats();
        Map<String, String> figures = figures(out);
        if (out.exitCode != 0 || !figures.containsKey("calls")) {
            throw new IllegalStateException("workload failed: " + configuration + " " + client + "\n" + out.all());
        }
        Map<String, Long> causes = new LinkedHashMap<>();
        figures.forEach((k, v) -> {
            if (k.startsWith("cause.")) {
                causes.put(k.substring(6).replace('_', ' '), Long.parseLong(v));
            }
        });
        double sustainable = sim.sustainableRequestsPerSecond(scenario.tokensPerRequest(sim));
        long first = firstArrivalMillis(stats);
        double goodput = goodputPercent(stats, first + WARM_UP_MILLIS, first + seconds * 1000L, sustainable);
        return new Result(scenario, client, configuration, threads, num(figures, "calls"), num(figures, "succeeded"),
                num(figures, "unfinished"), causes, num(figures, "p50Ms"), num(figures, "p99Ms"), stats.received(),
                stats.rateLimited(), goodput, sustainable, first, num(figures, "cpuMs"), stats,
                String.join("\n", out.agentLines()));
    }

    private static long num(Map<String, String> figures, String key) {
        return Long.parseLong(figures.getOrDefault(key, "0"));
    }

    private static Map<String, String> figures(RunResult out) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : out.lines("bench.")) {
            int eq = line.indexOf('=');
            m.put(line.substring(6, eq), line.substring(eq + 1));
        }
        return m;
    }

    /** Offset of the timeline bucket holding the first request, in milliseconds. */
    static long firstArrivalMillis(SimulatorStats stats) {
        List<SimulatorStats.TimeBucket> t = stats.timeline();
        for (SimulatorStats.TimeBucket b : t) {
            if (b.requests() > 0) {
                return b.offset().toMillis();
            }
        }
        return 0;
    }

    /** Requests answered 200 (by arrival time) over [fromMillis, toMillis), in percent of {@code perSecond}. */
    static double goodputPercent(SimulatorStats stats, long fromMillis, long toMillis, double perSecond) {
        long ok = 0;
        long width = stats.resolution().toMillis();
        for (SimulatorStats.TimeBucket b : stats.timeline()) {
            long at = b.offset().toMillis();
            if (at >= fromMillis && at + width <= toMillis) {
                ok += b.succeeded();
            }
        }
        return 100.0 * ok * 1000 / ((toMillis - fromMillis) * perSecond); // exact for whole rates: 194 of 200 is 97.0
    }

    /** The OpenAI SDK and its dependencies (written by the bench profile), for the SDK runs. */
    static List<String> sdkClasspath() {
        Path file = Paths.get(System.getProperty("llmguard.it.sdkClasspath", "target/bench/sdk-classpath.txt"));
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            return new ArrayList<>(List.of(text.split(java.io.File.pathSeparator)));
        } catch (IOException e) {
            throw new UncheckedIOException("SDK classpath missing (run with -Pbench): " + file.toAbsolutePath(), e);
        }
    }
}
