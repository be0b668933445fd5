package dev.llmguard.it.apps;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A naive service: T threads sending chat completions in a loop for S seconds, no retry code.
 * Prints {@code SUMMARY calls=.. ok=.. failed=.. status429=.. errors=..} for the harness, and
 * {@code PER_SECOND n n n ...}: the calls that succeeded in each second since the start.
 * Arguments: url, threads, seconds, apiKey, model.
 */
public final class WorkerApp {
    public static void main(String[] args) throws Exception {
        Map<String, String> a = SdkAppSupport.parse(args);
        String url = a.get("url");
        int threads = Integer.parseInt(a.getOrDefault("threads", "4"));
        long seconds = Long.parseLong(a.getOrDefault("seconds", "10"));
        String apiKey = a.getOrDefault("apiKey", "sk-test");
        String model = a.getOrDefault("model", "gpt-4o-mini");
        OkHttpClient client = new OkHttpClient.Builder().readTimeout(60, TimeUnit.SECONDS).build();
        MediaType json = MediaType.parse("application/json");
        AtomicLong calls = new AtomicLong();
        AtomicLong ok = new AtomicLong();
        AtomicLong status429 = new AtomicLong();
        AtomicLong otherStatus = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        java.util.concurrent.atomic.AtomicLongArray perSecond = new java.util.concurrent.atomic.AtomicLongArray((int) seconds + 120);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int id = t;
            Thread w = new Thread(() -> {
                int n = 0;
                while (System.nanoTime() < end) {
                    String body = "{\"model\":\"" + model + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"worker "
                            + id + " call " + (n++) + "\"}]}";
                    Request request = new Request.Builder().url(url).header("Authorization", "Bearer " + apiKey)
                            .post(RequestBody.create(json, body)).build();
                    calls.incrementAndGet();
                    try (Response r = client.newCall(request).execute()) {
                        r.body().string();
                        if (r.isSuccessful()) {
                            ok.incrementAndGet();
                            perSecond.incrementAndGet((int) Math.min(perSecond.length() - 1,
                                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)));
                        } else if (r.code() == 429) {
                            status429.incrementAndGet();
                        } else {
                            otherStatus.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    }
                }
            }, "worker-" + t);
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        System.out.println("SUMMARY calls=" + calls + " ok=" + ok + " failed=" + (status429.get() + otherStatus.get() + errors.get())
                + " status429=" + status429 + " other=" + otherStatus + " errors=" + errors);
        StringBuilder seconds1 = new StringBuilder("PER_SECOND");
        int last = perSecond.length() - 1;
        while (last > 0 && perSecond.get(last) == 0) {
            last--;
        }
        for (int i = 0; i <= last; i++) {
            seconds1.append(' ').append(perSecond.get(i));
        }
        System.out.println(seconds1);
        client.dispatcher().executorService().shutdown();
        System.exit(0);
    }
}
