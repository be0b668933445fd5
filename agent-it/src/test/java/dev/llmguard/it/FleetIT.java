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
            if (Boolean.getBoolean("fleet.debug")) {
                jvm.property("llmguard.log.level", "debug");
            }
            if (redisUrl != null) {
                jvm.property("llmguard.redis.url", redisUrl).property("llmguard.redis.retry-interval", System.getProperty("fleet.retryInterval", "500ms"))
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
            for (RunResult r : results) {
                System.out.println(r.lines("PER_SECOND").get(0));
            }
            for (RunResult r : results) {
                System.out.println("=== child stderr\n" + r.stderr);
            }
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

    /**
     * Successful requests per second from the JVMs' launch (the simulator's statistics are reset just
     * before they start) to the last answer, as a share of what the limit allows: start-up included.
     */
    private static double goodputFromLaunch(SimulatorStats stats) {
        long[] span = firstAndLast(stats);
        double seconds = (span[1] + stats.resolution().toMillis()) / 1000.0;
        return stats.succeeded() / seconds / (RPM / 60.0);
    }

    private static String row(String name, List<RunResult> results, SimulatorStats stats) {
        return String.format(Locale.ROOT, "| %s | %d | %d | %d | %.1f%% | %.0f%% | %.0f%% |", name, sum(results, "calls"), sum(results, "ok"),
                stats.received(), 100.0 * stats.rateLimited() / Math.max(1, stats.received()), 100 * goodput(stats),
                100 * goodputFromLaunch(stats));
    }

    @Test
    void threeJvmsShareOneQuotaThroughRedis() throws Exception {
        List<RunResult> alone = runFleet(null);
        SimulatorStats aloneStats = simulator.stats();
        if (Boolean.getBoolean("fleet.debug")) {
            StringBuilder t = new StringBuilder("TIMELINE");
            for (SimulatorStats.TimeBucket b : aloneStats.timeline()) {
                t.append(' ').append(b.requests()).append('/').append(b.status429());
            }
            System.out.println(t);
        }
        List<RunResult> shared = runFleet(redis.url());
        SimulatorStats sharedStats = simulator.stats();

        System.out.println("| 3 JVMs x " + THREADS + " threads, " + RPM + " RPM | calls | succeeded | server requests | 429s | goodput | from launch |");
        System.out.println("|---|---|---|---|---|---|---|");
        System.out.println(row("each JVM paces alone", alone, aloneStats));
        System.out.println(row("quotas shared through Redis", shared, sharedStats));
        long[] sharedSpan = firstAndLast(sharedStats);
        System.out.println("with Redis: first request " + sharedSpan[0] + " ms after launch, last " + sharedSpan[1] + " ms");

        assertThat(sum(shared, "failed")).as("no call fails").isZero();
        double share429 = (double) sharedStats.rateLimited() / sharedStats.received();
        assertThat(share429).as("429s as a share of server requests, with Redis").isLessThanOrEqualTo(0.02);
        assertThat(goodput(sharedStats)).as("goodput with Redis").isGreaterThanOrEqualTo(0.95);
        // the JVMs' start-up counts here: three of them starting at once on a small machine
        assertThat(goodputFromLaunch(sharedStats)).as("goodput with Redis, counted from the JVMs' launch").isGreaterThanOrEqualTo(0.80);
        assertThat(sum(alone, "failed")).as("no call fails without Redis either").isZero();
        assertThat((double) aloneStats.rateLimited() / aloneStats.received())
                .as("429s without Redis: each JVM paces at its share of the key's spend, told by the remaining counts")
                .isLessThanOrEqualTo(0.10);
        assertThat(sharedStats.rateLimited()).as("Redis beats pacing alone").isLessThanOrEqualTo(aloneStats.rateLimited());
        for (RunResult r : shared) {
            assertThat(r.stderr).contains("quotas are shared through Redis");
        }
    }

    /** Successes per second between two offsets of the simulator's timeline, as a share of the limit's rate. */
    private static double rate(SimulatorStats stats, long fromMillis, long toMillis) {
        long ok = 0;
        for (SimulatorStats.TimeBucket b : stats.timeline()) {
            long at = b.offset().toMillis();
            if (at >= fromMillis && at < toMillis) {
                ok += b.succeeded();
            }
        }
        return ok / ((toMillis - fromMillis) / 1000.0) / (RPM / 60.0);
    }

    /** 429s among the requests that arrived between two offsets of the simulator's timeline. */
    private static double share429(SimulatorStats stats, long fromMillis, long toMillis) {
        long requests = 0;
        long limited = 0;
        for (SimulatorStats.TimeBucket b : stats.timeline()) {
            long at = b.offset().toMillis();
            if (at >= fromMillis && at < toMillis) {
                requests += b.requests();
                limited += b.status429();
            }
        }
        return requests == 0 ? 0 : (double) limited / requests;
    }

    /** The offsets of the first and the last bucket with a request. */
    private static long[] firstAndLast(SimulatorStats stats) {
        long first = -1;
        long last = -1;
        for (SimulatorStats.TimeBucket b : stats.timeline()) {
            if (b.requests() > 0) {
                last = b.offset().plus(stats.resolution()).toMillis();
                if (first < 0) {
                    first = b.offset().toMillis();
                }
            }
        }
        return new long[] {first, last};
    }

    @Test
    void aRedisOutageInTheMiddleOfARunFailsNoRequestAndKeepsTheFleetNearItsQuota() throws Exception {
        long[] outage = new long[2]; // kill and restart, in millis since the fleet's start
        long[] restartedAtWall = new long[1];
        long t0 = System.nanoTime();
        CompletableFuture<Void> redisOutage = CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(6_000);
                redis.kill();
                outage[0] = (System.nanoTime() - t0) / 1_000_000;
                Thread.sleep(5_000);
                redis.startProcess();
                outage[1] = (System.nanoTime() - t0) / 1_000_000;
                restartedAtWall[0] = System.currentTimeMillis();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<RunResult> results = runFleet(redis.url());
        redisOutage.get();
        SimulatorStats stats = simulator.stats();
        long[] span = firstAndLast(stats);
        double during = rate(stats, outage[0], outage[1]);
        double during429 = share429(stats, outage[0], outage[1]);
        double whole = rate(stats, span[0], span[1]);
        System.out.println("| Redis down for 5 s | calls | succeeded | server requests | 429s | goodput |");
        System.out.println(row("quotas shared through Redis", results, stats));
        System.out.printf(Locale.ROOT, "outage %d-%d ms: %.0f%% of the quota's rate, %.1f%% 429s; first to last answer: %.0f%%%n",
                outage[0], outage[1], 100 * during, 100 * during429, 100 * whole);

        assertThat(sum(results, "failed")).as("no call fails because of Redis").isZero();
        assertThat(sum(results, "ok")).isEqualTo(sum(results, "calls"));
        // each JVM paces at 90% of its share while Redis is away, and 98% of the limit is paced at: at most 88%;
        // a 5 s window holds about 22 requests, so one or two either way move it by 4 to 9 points
        assertThat(during).as("the fleet's rate while Redis is away").isGreaterThanOrEqualTo(0.75);
        assertThat(during429).as("429s while Redis is away").isLessThanOrEqualTo(0.03);
        assertThat(whole).as("the fleet's rate from its first answer to its last").isGreaterThanOrEqualTo(0.90);
        for (RunResult r : results) {
            assertThat(r.agentLines()).anySatisfy(line -> assertThat(line).contains("WARN").contains("Redis unreachable"));
            List<String> back = r.agentLines().stream().filter(l -> l.contains("Redis is reachable again")).toList();
            assertThat(back).as(r.all()).hasSize(1);
            assertThat(wallMillis(back.get(0)) - restartedAtWall[0]).as("sharing again within a second of Redis' return")
                    .isLessThan(1_000);
        }
    }

    /** The wall-clock time at the start of an agent line ({@code 2026-12-02 16:34:41.401 [...]}). */
    private static long wallMillis(String agentLine) {
        java.time.LocalDateTime at = java.time.LocalDateTime.parse(agentLine.substring(0, 23).replace(' ', 'T'));
        return at.atZone(java.time.ZoneId.systemDefault()).toInstant().toEpochMilli();
    }
}
