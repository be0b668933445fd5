package dev.llmguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.demo.simulator.LlmApiSimulator;
import dev.llmguard.demo.simulator.RetryAfterMode;
import dev.llmguard.demo.simulator.SimulatorStats;
import dev.llmguard.it.apps.WorkerApp;
import dev.llmguard.it.support.ChildJvm;
import dev.llmguard.it.support.Jdk;
import dev.llmguard.it.support.OkHttpVersion;
import dev.llmguard.it.support.RedisServer;
import dev.llmguard.it.support.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three JVMs with the agent share one provider quota against one rate-limited simulator: through
 * Redis, compared in the same run with the same three JVMs pacing on their own; and through a
 * Redis outage in the middle of a run.
 */
class FleetIT {
    private static final int RPM = 300; // 5 requests per second for the whole fleet
    private static final int JVMS = 3;
    private static final int THREADS = 4;
    private static final int SECONDS = 16;

    private static RedisServer redis;
    private static LlmApiSimulator simulator;
    private static final ExecutorService POOL = Executors.newFixedThreadPool(JVMS);

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServer.start();
        simulator = LlmApiSimulator.builder().requestsPerMinute(RPM).tokensPerMinute(0)
                .retryAfterMode(RetryAfterMode.RETRY_AFTER).start();
    }

    @AfterAll
    static void stop() throws Exception {
        POOL.shutdownNow();
        if (simulator != null) {
            simulator.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static List<RunResult> runFleet(String redisUrl) throws Exception {
        simulator.reset();
        String prefix = "it" + System.nanoTime(); // one namespace for the whole fleet, fresh for each run
        List<CompletableFuture<RunResult>> runs = new ArrayList<>();
        for (int i = 0; i < JVMS; i++) {
            ChildJvm jvm = ChildJvm.on(Jdk.current()).okHttp(OkHttpVersion.OKHTTP_4)
                    .main(WorkerApp.class.getName(), "url=" + simulator.baseUrl() + "/chat/completions",
                            "threads=" + THREADS, "seconds=" + SECONDS, "apiKey=sk-fleet-shared-key");
            if (redisUrl != null) {
                jvm.property("llmguard.redis.url", redisUrl).property("llmguard.redis.retry-interval", "1s")
                        .property("llmguard.redis.prefix", prefix);
            }
            runs.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return jvm.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, POOL));
        }
        List<RunResult> results = new ArrayList<>();
        for (CompletableFuture<RunResult> r : runs) {
            RunResult result = r.get();
            assertThat(result.exitCode).as(result.all()).isZero();
            assertThat(result.lines("SUMMARY ")).as(result.all()).hasSize(1);
            assertThat(result.stderr).as(result.all()).doesNotContain("internal error").doesNotContain("sk-fleet-shared-key");
            results.add(result);
        }
        if (Boolean.getBoolean("fleet.debug")) {
            System.out.println("=== child stderr\n" + results.get(0).stderr);
        }
        return results;
    }

    private static long sum(List<RunResult> results, String field) {
        long total = 0;
        for (RunResult r : results) {
            String line = r.lines("SUMMARY ").get(0);
            total += Long.parseLong(line.replaceAll(".*\\b" + field + "=(\\d+).*", "$1"));
        }
        return total;
    }

    /** Successful requests per second in the steady part of the run, as a share of what the limit allows. */
    private static double goodput(SimulatorStats stats) {
        List<SimulatorStats.TimeBucket> timeline = stats.timeline();
        int first = -1;
        int last = -1;
        for (int i = 0; i < timeline.size(); i++) {
            if (timeline.get(i).requests() > 0) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        double resolutionSeconds = stats.resolution().toMillis() / 1000.0;
        int from = first + (int) Math.round(3 / resolutionSeconds); // after every JVM has started and learned
        int to = last - (int) Math.round(1 / resolutionSeconds);
        long ok = 0;
        for (int i = from; i <= to; i++) {
            ok += timeline.get(i).succeeded();
        }
        double seconds = (to - from + 1) * resolutionSeconds;
        return ok / seconds / (RPM / 60.0);
    }

    private static String row(String name, List<RunResult> results, SimulatorStats stats) {
        return String.format(Locale.ROOT, "| %s | %d | %d | %d | %.1f%% | %.0f%% |", name, sum(results, "calls"), sum(results, "ok"),
                stats.received(), 100.0 * stats.rateLimited() / Math.max(1, stats.received()), 100 * goodput(stats));
    }

    @Test
    void threeJvmsShareOneQuotaThroughRedis() throws Exception {
        List<RunResult> alone = runFleet(null);
        SimulatorStats aloneStats = simulator.stats();
        List<RunResult> shared = runFleet(redis.url());
        SimulatorStats sharedStats = simulator.stats();

        System.out.println("| 3 JVMs x " + THREADS + " threads, " + RPM + " RPM | calls | succeeded | server requests | 429s | goodput |");
        System.out.println("|---|---|---|---|---|---|");
        System.out.println(row("each JVM paces alone", alone, aloneStats));
        System.out.println(row("quotas shared through Redis", shared, sharedStats));

        assertThat(sum(shared, "failed")).as("no call fails").isZero();
        double share429 = (double) sharedStats.rateLimited() / sharedStats.received();
        assertThat(share429).as("429s as a share of server requests, with Redis").isLessThanOrEqualTo(0.02);
        assertThat(goodput(sharedStats)).as("goodput with Redis").isGreaterThanOrEqualTo(0.95);
        assertThat(sharedStats.rateLimited()).as("Redis beats pacing alone").isLessThan(aloneStats.rateLimited());
        for (RunResult r : shared) {
            assertThat(r.stderr).contains("quotas are shared through Redis");
        }
    }

    @Test
    void aRedisOutageInTheMiddleOfARunFailsNoRequest() throws Exception {
        CompletableFuture<Void> outage = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(6_000);
                redis.kill();
                Thread.sleep(4_000);
                redis.startProcess();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<RunResult> results = runFleet(redis.url());
        outage.get();
        SimulatorStats stats = simulator.stats();
        if (Boolean.getBoolean("fleet.debug")) {
            StringBuilder sb = new StringBuilder("per second (requests/429s):");
            long req = 0;
            long r429 = 0;
            int perSecond = (int) (1000 / stats.resolution().toMillis());
            for (int i = 0; i < stats.timeline().size(); i++) {
                req += stats.timeline().get(i).requests();
                r429 += stats.timeline().get(i).status429();
                if ((i + 1) % perSecond == 0) {
                    sb.append(' ').append(req).append('/').append(r429);
                    req = 0;
                    r429 = 0;
                }
            }
            System.out.println(sb);
        }
        System.out.println("| Redis down from 6 s to 10 s | calls | succeeded | server requests | 429s | goodput |");
        System.out.println(row("quotas shared through Redis", results, stats));

        assertThat(sum(results, "failed")).as("no call fails because of Redis").isZero();
        assertThat(sum(results, "ok")).isEqualTo(sum(results, "calls"));
        for (RunResult r : results) {
            assertThat(r.agentLines()).anySatisfy(line -> assertThat(line).contains("WARN").contains("Redis unreachable"));
            assertThat(r.agentLines()).anySatisfy(line -> assertThat(line).contains("Redis is reachable again"));
        }
        // while Redis is down each JVM paces at its share of the fleet on its own; their requests are
        // not coordinated then, so some 429s are expected (and retried), but never a failed call
        assertThat(stats.received()).as("bounded: no retry storm").isLessThan(3L * sum(results, "calls"));
    }
}
