package dev.llmguard.it.apps;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Many threads calling through one shared OkHttpClient for a bounded time, as a busy service does.
 * Prints {@code R <id> <outcome>} for every call (outcome: the status and whether the body named the
 * call's id, or {@code local-MARKER} for an answer of the agent's own, or the exception), then counts, threads and heap. Arguments: url threads seconds.
 */
public final class StressApp {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        int threads = Integer.parseInt(args[1]);
        long seconds = Long.parseLong(args[2]);
        MediaType json = MediaType.parse("application/json");
        OkHttpClient client = new OkHttpClient.Builder().build();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
        long heapBefore = usedHeapAfterGc(memory);
        int threadsBefore = threadBean.getThreadCount();

        Queue<String> results = new ConcurrentLinkedQueue<>();
        AtomicLong started = new AtomicLong();
        AtomicLong finished = new AtomicLong();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int worker = t;
            Thread thread = new Thread(() -> {
                for (int n = 0; System.nanoTime() < deadline; n++) {
                    String id = "w" + worker + "-" + n;
                    started.incrementAndGet();
                    String outcome;
                    Request request = new Request.Builder().url(url).header("Authorization", "Bearer sk-stress")
                            .post(RequestBody.create(json, StressBodies.body(id))).build();
                    try (Response r = client.newCall(request).execute()) {
                        String body = r.body().string();
                        String local = r.header("x-llm-guard");
                        outcome = r.code() + (local != null ? ":local-" + local
                                : body.contains("\"" + id + "\"") ? ":own-body" : ":other-body");
                    } catch (IOException | RuntimeException e) {
                        outcome = "io:" + e.getClass().getSimpleName();
                    }
                    results.add("R " + id + " " + outcome);
                    finished.incrementAndGet();
                }
            }, "stress-" + t);
            workers.add(thread);
            thread.start();
        }
        int peakDuringRun = 0;
        long joinDeadline = deadline + 90_000_000_000L;
        for (Thread w : workers) {
            while (w.isAlive() && System.nanoTime() < joinDeadline) {
                peakDuringRun = Math.max(peakDuringRun, threadBean.getThreadCount());
                w.join(200);
            }
        }
        List<Thread> stuck = new ArrayList<>();
        for (Thread w : workers) {
            if (w.isAlive()) {
                stuck.add(w);
            }
        }
        long[] deadlocked = threadBean.findDeadlockedThreads();
        System.out.println("DEADLOCKED " + (deadlocked == null ? 0 : deadlocked.length));
        System.out.println("STUCK " + stuck.size());
        for (Thread s : stuck.subList(0, Math.min(3, stuck.size()))) {
            ThreadInfo info = threadBean.getThreadInfo(s.getId(), 30);
            System.out.println("STUCK_TRACE " + info);
        }
        StringBuilder out = new StringBuilder();
        for (String r : results) {
            out.append(r).append('\n');
        }
        System.out.print(out);
        System.out.println("CALLS started=" + started.get() + " finished=" + finished.get());
        results.clear();
        out.setLength(0);

        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
        int agentThreads = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName().toLowerCase(Locale.ROOT);
            if (name.contains("llm-guard") || name.contains("llmguard")) {
                agentThreads++;
            }
        }
        System.out.println("THREADS before=" + threadsBefore + " peak=" + peakDuringRun + " after=" + threadBean.getThreadCount()
                + " agent=" + agentThreads);
        System.out.println("HEAP beforeMb=" + heapBefore / (1024 * 1024) + " afterMb=" + usedHeapAfterGc(memory) / (1024 * 1024));
        System.exit(0);
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
