package dev.llmguard.it.apps;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The benchmark's client: one OkHttpClient, sequential calls on command. Reads {@code RUN <n> <url>}
 * lines from stdin and answers {@code DONE <nanos> <bytes>} for n calls (the time they took and the
 * bytes the calling thread allocated meanwhile); {@code KEYS <n> <url>} makes one call with each of
 * n API keys (n quotas) and answers {@code DONE}; {@code HEAP} collects garbage and answers
 * {@code HEAP <bytes used>}; {@code EXIT} ends it.
 */
public final class BenchClientApp {
    public static void main(String[] args) throws Exception {
        OkHttpClient client = new OkHttpClient();
        MediaType json = MediaType.parse("application/json");
        String body = "{\"model\":\"gpt-4o-mini\",\"max_tokens\":16,\"messages\":[{\"role\":\"system\",\"content\":\"You are terse.\"},"
                + "{\"role\":\"user\",\"content\":\"Summarise the order status for customer 42 in one sentence.\"}]}";
        System.out.println("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        long sink = 0;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        while ((line = in.readLine()) != null && !line.equals("EXIT")) {
            String[] cmd = line.split(" ");
            if (cmd[0].equals("HEAP")) {
                for (int i = 0; i < 4; i++) {
                    System.gc();
                    Thread.sleep(100);
                }
                System.out.println("HEAP " + java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                continue;
            }
            int n = Integer.parseInt(cmd[1]);
            if (cmd[0].equals("KEYS")) {
                for (int i = 0; i < n; i++) {
                    Request request = new Request.Builder().url(cmd[2]).header("Authorization", "Bearer sk-bench-key-" + i)
                            .post(RequestBody.create(json, body)).build();
                    try (Response r = client.newCall(request).execute()) {
                        sink += r.body().string().length();
                    }
                }
                System.out.println("DONE");
                continue;
            }
            Request request = new Request.Builder().url(cmd[2]).header("Authorization", "Bearer sk-bench")
                    .post(RequestBody.create(json, body)).build();
            long allocated = threads.getThreadAllocatedBytes(self);
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                try (Response r = client.newCall(request).execute()) {
                    sink += r.body().string().length();
                }
            }
            long nanos = System.nanoTime() - start;
            System.out.println("DONE " + nanos + " " + (threads.getThreadAllocatedBytes(self) - allocated));
        }
        System.out.println("BYTES " + sink);
        System.exit(0);
    }
}
