package dev.llmguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.demo.simulator.LlmApiSimulator;
import dev.llmguard.demo.simulator.RecordedRequest;
import dev.llmguard.demo.simulator.RetryAfterMode;
import dev.llmguard.it.apps.ApacheHttpApp;
import dev.llmguard.it.apps.ChatCallsApp;
import dev.llmguard.it.apps.JdkHttpApp;
import dev.llmguard.it.apps.PriorityApp;
import dev.llmguard.it.apps.UrlConnectionApp;
import dev.llmguard.it.support.ApacheClient;
import dev.llmguard.it.support.ChildJvm;
import dev.llmguard.it.support.Jdk;
import dev.llmguard.it.support.OkHttpVersion;
import dev.llmguard.it.support.RedisServer;
import dev.llmguard.it.support.RunResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A batch job saturating a quota and a request thread calling now and then, in one JVM with the
 * agent: with priorities the request thread's calls go first; without, they queue behind the batch.
 */
class PriorityIT {
    private static final int RPM = 600; // 10 requests a second; 8 batch threads want more
    private static LlmApiSimulator simulator;

    @BeforeAll
    static void start() {
        simulator = LlmApiSimulator.builder().requestsPerMinute(RPM).tokensPerMinute(0)
                .retryAfterMode(RetryAfterMode.RETRY_AFTER).start();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    /** What the application saw, by kind: each call's milliseconds, and whether every call succeeded. */
    private record Run(List<Long> interactiveMs, List<Long> backgroundMs, boolean allOk, List<RecordedRequest> received) {
        long p(List<Long> ms, double q) {
            List<Long> sorted = new ArrayList<>(ms);
            Collections.sort(sorted);
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
        }

        String row(String name) {
            return String.format(Locale.ROOT, "| %s | %d | %d ms | %d ms | %d | %d ms | %d ms |", name, interactiveMs.size(),
                    p(interactiveMs, 0.5), p(interactiveMs, 0.99), backgroundMs.size(), p(backgroundMs, 0.5), p(backgroundMs, 0.99));
        }
    }

    private static Run run(boolean header, Consumer<ChildJvm> settings) throws Exception {
        return run(header, false, settings);
    }

    private static Run run(boolean header, boolean tenants, Consumer<ChildJvm> settings) throws Exception {
        simulator.reset();
        ChildJvm jvm = ChildJvm.on(Jdk.current()).okHttp(OkHttpVersion.OKHTTP_4)
                .main(PriorityApp.class.getName(), "url=" + simulator.baseUrl() + "/chat/completions",
                        "background=8", "seconds=8", "interactiveEveryMs=300", "header=" + header, "tenants=" + tenants);
        settings.accept(jvm);
        RunResult result = jvm.run();
        assertThat(result.stderr).as(result.all()).doesNotContain("internal error");
        return calls(List.of(result));
    }

    /** The head of a table of {@link Run#row} lines, as the README shows them. */
    private static void printHeader(String load, String interactiveKind, String backgroundKind) {
        System.out.println("| " + load + ", " + RPM + " RPM | " + interactiveKind + " calls | p50 | p99 | " + backgroundKind + " calls | p50 | p99 |");
        System.out.println("|---|--:|--:|--:|--:|--:|--:|");
    }

    /** The calls the runs' JVMs printed, by kind; each JVM must have exited normally. */
    private static Run calls(List<RunResult> results) {
        List<Long> interactive = new ArrayList<>();
        List<Long> background = new ArrayList<>();
        boolean allOk = true;
        for (RunResult result : results) {
            assertThat(result.exitCode).as(result.all()).isZero();
            for (String line : result.lines("CALL ")) {
                long ms = Long.parseLong(line.replaceAll(".* ms=(\\d+).*", "$1"));
                (line.contains("kind=interactive") ? interactive : background).add(ms);
                allOk &= line.contains("status=200");
            }
        }
        return new Run(interactive, background, allOk, simulator.receivedRequests());
    }

    @Test
    void interactiveCallsGoFirstWhileABatchSaturatesTheQuota() throws Exception {
        Run fifo = run(false, jvm -> { });
        Run byHeader = run(true, jvm -> { });
        Run byThread = run(false, jvm -> jvm.property("llmguard.priority.interactive-threads", "http-nio-*, qtp*"));

        printHeader("8 batch threads + 1 request thread", "interactive", "background");
        System.out.println(fifo.row("no priorities"));
        System.out.println(byHeader.row("x-llm-guard-priority: interactive"));
        System.out.println(byThread.row("llmguard.priority.interactive-threads=http-nio-*"));

        for (Run r : List.of(fifo, byHeader, byThread)) {
            assertThat(r.allOk()).as("every call succeeds").isTrue();
            assertThat(r.interactiveMs()).hasSizeGreaterThan(5);
        }
        assertThat(fifo.p(fifo.interactiveMs(), 0.5)).as("without priorities the request thread queues behind the batch")
                .isGreaterThan(400);
        for (Run r : List.of(byHeader, byThread)) {
            assertThat(r.p(r.interactiveMs(), 0.5)).as("interactive median").isLessThan(fifo.p(fifo.interactiveMs(), 0.5) / 3);
            assertThat(r.p(r.interactiveMs(), 0.5)).as("interactive median against the batch's").isLessThan(r.p(r.backgroundMs(), 0.5) / 2);
        }
        assertThat(byHeader.received()).as("the header is the guard's alone: the server never sees it")
                .isNotEmpty().allSatisfy(req -> assertThat(req.header("x-llm-guard-priority")).isNull());
    }

    /** The batch in one JVM, the web front in another, one quota through Redis; tenants told apart or not. */
    private static Run fleet(RedisServer redis, boolean header, boolean tenants) throws Exception {
        simulator.reset();
        String prefix = "priority" + System.nanoTime();
        ChildJvm batch = ChildJvm.on(Jdk.current()).okHttp(OkHttpVersion.OKHTTP_4)
                .main(PriorityApp.class.getName(), "url=" + simulator.baseUrl() + "/chat/completions",
                        "background=8", "seconds=8", "interactiveEveryMs=0", "tenants=" + tenants);
        ChildJvm web = ChildJvm.on(Jdk.current()).okHttp(OkHttpVersion.OKHTTP_4)
                .main(PriorityApp.class.getName(), "url=" + simulator.baseUrl() + "/chat/completions",
                        "background=0", "seconds=8", "interactiveEveryMs=300", "header=" + header, "tenants=" + tenants);
        for (ChildJvm jvm : List.of(batch, web)) {
            jvm.property("llmguard.redis.url", redis.url()).property("llmguard.redis.prefix", prefix);
            if (tenants) {
                jvm.property("llmguard.tenants.key", "x-tenant-id");
            }
        }
        CompletableFuture<RunResult> batchRun = CompletableFuture.supplyAsync(() -> {
            try {
                return batch.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        RunResult webResult = web.run();
        RunResult batchResult = batchRun.get();
        for (RunResult result : List.of(batchResult, webResult)) {
            assertThat(result.stderr).as(result.all()).doesNotContain("internal error").contains("quotas are shared through Redis");
        }
        return calls(List.of(batchResult, webResult));
    }

    @Test
    void aBatchInOneJvmYieldsToAWebFrontInAnotherThroughRedis() throws Exception {
        Run fifo;
        Run byHeader;
        try (RedisServer redis = RedisServer.start()) {
            fifo = fleet(redis, false, false);
            byHeader = fleet(redis, true, false);
        }
        printHeader("8 batch threads in one JVM + 1 request thread in another, Redis", "interactive", "background");
        System.out.println(fifo.row("no priorities"));
        System.out.println(byHeader.row("x-llm-guard-priority: interactive"));
        for (Run r : List.of(fifo, byHeader)) {
            assertThat(r.allOk()).as("every call succeeds").isTrue();
            assertThat(r.interactiveMs()).hasSizeGreaterThan(5);
            assertThat(r.backgroundMs()).hasSizeGreaterThan(20);
        }
        assertThat(fifo.p(fifo.interactiveMs(), 0.5)).as("without priorities the request thread queues behind the other JVM's batch")
                .isGreaterThan(300);
        assertThat(byHeader.p(byHeader.interactiveMs(), 0.5)).as("interactive median, the batch in another JVM")
                .isLessThan(fifo.p(fifo.interactiveMs(), 0.5) / 3);
        assertThat(byHeader.p(byHeader.interactiveMs(), 0.5)).as("interactive median against the batch's")
                .isLessThan(byHeader.p(byHeader.backgroundMs(), 0.5) / 2);
    }

    @Test
    void aTenantTricklingThroughOneJvmGetsItsShareWhileAnotherFloodsThroughAnother() throws Exception {
        Run together;
        Run split;
        try (RedisServer redis = RedisServer.start()) {
            together = fleet(redis, false, false);
            split = fleet(redis, false, true);
        }
        printHeader("tenant batch: 8 threads in one JVM, tenant web: 1 thread in another, Redis", "web", "batch");
        System.out.println(together.row("tenants not told apart"));
        System.out.println(split.row("llmguard.tenants.key=x-tenant-id"));
        for (Run r : List.of(together, split)) {
            assertThat(r.allOk()).as("every call succeeds").isTrue();
            assertThat(r.backgroundMs()).as("the batch keeps the rest").hasSizeGreaterThan(40);
        }
        assertThat(together.p(together.interactiveMs(), 0.5)).as("one tenant's flood holds the other up").isGreaterThan(300);
        // the JVMs learn of each other's waiting tenants within a quarter second or so: slower than within one JVM
        assertThat(split.interactiveMs()).as("most of the web tenant's demand (a call every 300 ms) is met, against 10 calls together")
                .hasSizeGreaterThanOrEqualTo(15);
        assertThat(split.p(split.interactiveMs(), 0.5)).as("the web tenant's median")
                .isLessThan(together.p(together.interactiveMs(), 0.5) * 2 / 3);
    }

    /** The same load as two tenants: the batch floods, the web front trickles; neither is marked interactive. */
    @Test
    void aTenantTricklingGetsItsShareWhileAnotherFloods() throws Exception {
        Run shared = run(false, true, jvm -> jvm.property("llmguard.tenants.key", "x-tenant-id"));

        printHeader("8 threads of tenant batch + 1 of tenant web", "web", "batch");
        System.out.println(shared.row("llmguard.tenants.key=x-tenant-id"));

        assertThat(shared.allOk()).as("every call succeeds").isTrue();
        long web = shared.received().stream().filter(r -> "web".equals(r.header("x-tenant-id"))).count();
        long batch = shared.received().stream().filter(r -> "batch".equals(r.header("x-tenant-id"))).count();
        assertThat(web).as("the web tenant's demand (a call every 300 ms) is met").isGreaterThanOrEqualTo(18);
        assertThat(batch).as("the batch keeps the rest").isGreaterThan(40);
        // without tenants the web thread's calls queue behind the batch's (about 900 ms each, as in the run without priorities)
        assertThat(shared.p(shared.interactiveMs(), 0.5)).as("the web tenant's median").isLessThan(400);
    }

    /** Each client the guard adapts, as the application that calls through it, with its arguments. */
    static List<Object[]> clients() {
        Function<String, ChildJvm> okHttp = url -> ChildJvm.on(Jdk.current()).okHttp(OkHttpVersion.OKHTTP_4)
                .main(ChatCallsApp.class.getName(), "url=" + url, "calls=2");
        Function<String, ChildJvm> jdkSync = url -> ChildJvm.on(Jdk.current()).classpath(ChildJvm.testClasses())
                .main(JdkHttpApp.class.getName(), "url=" + url, "calls=2", "mode=sync");
        Function<String, ChildJvm> jdkAsync = url -> ChildJvm.on(Jdk.current()).classpath(ChildJvm.testClasses())
                .main(JdkHttpApp.class.getName(), "url=" + url, "calls=2", "mode=async");
        Function<String, ChildJvm> urlConnection = url -> ChildJvm.on(Jdk.current()).classpath(ChildJvm.testClasses())
                .main(UrlConnectionApp.class.getName(), "url=" + url, "calls=2");
        List<Object[]> out = new ArrayList<>(List.of(new Object[] {"OkHttp", okHttp}, new Object[] {"JDK HttpClient send", jdkSync},
                new Object[] {"JDK HttpClient sendAsync", jdkAsync}, new Object[] {"HttpURLConnection", urlConnection}));
        for (ApacheClient client : List.of(ApacheClient.HC5, ApacheClient.HC5_ASYNC, ApacheClient.HC4)) {
            Function<String, ChildJvm> apache = url -> {
                ChildJvm jvm = ChildJvm.on(Jdk.current()).classpath(ChildJvm.testClasses())
                        .main(ApacheHttpApp.class.getName(), "url=" + url, "calls=2", "version=" + client.major);
                client.jars().forEach(jvm::classpath);
                return jvm;
            };
            out.add(new Object[] {"Apache " + client, apache});
        }
        return out;
    }

    /**
     * On every client: the header marks the call interactive (its second call, which would wait half
     * a minute for the configured 2 RPM, gets the local 429 within its 1 s budget at once) and never
     * reaches the server.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void thePriorityHeaderIsReadAndRemovedOnEveryClient(String name, Function<String, ChildJvm> app) throws Exception {
        simulator.reset();
        long start = System.nanoTime();
        RunResult result = app.apply(simulator.baseUrl() + "/chat/completions")
                .property("app.header", "x-llm-guard-priority: interactive")
                .property("llmguard.limits.default", "rpm=2")
                .property("llmguard.priority.interactive-max-wait", "1s")
                .run();
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(result.exitCode).as(result.all()).isZero();
        assertThat(result.stderr).as(result.all()).doesNotContain("internal error");
        List<String> calls = result.lines("CALL ");
        assertThat(calls).as(result.all()).hasSize(2);
        assertThat(calls).as(result.all()).anySatisfy(line -> assertThat(line).contains("status=200"));
        assertThat(calls).as("the interactive call over its budget is answered locally").anySatisfy(line -> assertThat(line).contains("status=429"));
        assertThat(ms).as("no half-minute wait for the quota").isLessThan(20_000);
        List<RecordedRequest> received = simulator.receivedRequests();
        assertThat(received).as("the server saw the first call alone").hasSize(1);
        assertThat(received.get(0).header("x-llm-guard-priority")).as("the header is the guard's alone").isNull();
    }
}
