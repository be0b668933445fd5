package dev.llmguard.it.apps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import okio.BufferedSource;

/**
 * Unusual traffic through a plain OkHttp client (API common to 3.14, 4.x and 5.x). Arguments are
 * key=value: url, case, size, calls, apiKey, prompt. Cases:
 * <ul>
 *   <li>{@code plain}: a small JSON body;
 *   <li>{@code invalid-json}: a truncated JSON body with bytes that are not UTF-8;
 *   <li>{@code sized}: a generated body of {@code size} bytes with a known length; {@code chunked}: the
 *       same with an unknown length (sent chunked). Both count how often OkHttp or the agent wrote the body;
 *   <li>{@code stream}: reads a server-sent-events response line by line, timing the first event and the end;
 *   <li>{@code h2}: {@code calls} parallel calls over HTTP/2 with prior knowledge.
 * </ul>
 * Prints {@code CALL i status=.. protocol=.. writes=.. sentSha256=.. received=..} and for streams
 * {@code STREAM firstEventMs=.. totalMs=.. events=..}.
 */
public final class EdgeCasesApp {
    static final MediaType JSON = MediaType.parse("application/json");

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            a.put(arg.substring(0, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        String url = a.get("url");
        String kind = a.get("case");
        OkHttpClient.Builder builder = new OkHttpClient.Builder();
        if (kind.equals("h2")) {
            builder.protocols(Collections.singletonList(Protocol.H2_PRIOR_KNOWLEDGE));
        }
        OkHttpClient client = builder.build();
        int calls = Integer.parseInt(a.getOrDefault("calls", "1"));
        List<Thread> threads = new ArrayList<>();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < calls; i++) {
            final int n = i;
            Thread t = new Thread(() -> lines.add(call(client, url, kind, a, n)));
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(120_000);
        }
        lines.forEach(System.out::println);
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
        System.exit(0);
    }

    private static String call(OkHttpClient client, String url, String kind, Map<String, String> a, int n) {
        String prompt = a.getOrDefault("prompt", "hello") + " #" + n;
        CountingBody body;
        switch (kind) {
            case "invalid-json": {
                byte[] head = ("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"").getBytes(StandardCharsets.UTF_8);
                byte[] bytes = new byte[head.length + 6];
                System.arraycopy(head, 0, bytes, 0, head.length);
                byte[] junk = {(byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3, 0x28, '{'};
                System.arraycopy(junk, 0, bytes, head.length, junk.length);
                body = new CountingBody(bytes);
                break;
            }
            case "sized":
            case "chunked":
                body = new CountingBody(Long.parseLong(a.get("size")), kind.equals("sized"));
                break;
            case "stream":
                body = new CountingBody(("{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}").getBytes(StandardCharsets.UTF_8));
                break;
            default:
                body = new CountingBody(("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}").getBytes(StandardCharsets.UTF_8));
        }
        Request request = new Request.Builder().url(url).header("Authorization", "Bearer " + a.getOrDefault("apiKey", "sk-test")).post(body).build();
        long start = System.nanoTime();
        try (Response r = client.newCall(request).execute()) {
            String prefix = "CALL " + n + " status=" + r.code() + " protocol=" + r.protocol() + " writes=" + body.writes.get()
                    + " sentSha256=" + body.sha256();
            if (kind.equals("stream")) {
                BufferedSource source = r.body().source();
                long first = -1;
                int events = 0;
                String line;
                while ((line = source.readUtf8Line()) != null) {
                    if (line.startsWith("data:")) {
                        events++;
                        if (first < 0) {
                            first = (System.nanoTime() - start) / 1_000_000;
                        }
                    }
                }
                return prefix + "\nSTREAM firstEventMs=" + first + " totalMs=" + (System.nanoTime() - start) / 1_000_000 + " events=" + events;
            }
            String text = r.body().string();
            return prefix + " received=" + text.length() + " body=" + text.replace('\n', ' ');
        } catch (IOException e) {
            return "CALL " + n + " error=" + e;
        }
    }

    /** A request body that counts its writes: once per attempt sent, plus once if the agent copied it. */
    static final class CountingBody extends RequestBody {
        final AtomicInteger writes = new AtomicInteger();
        private final byte[] bytes;
        private final long size;
        private final boolean knownLength;

        CountingBody(byte[] bytes) {
            this.bytes = bytes;
            this.size = bytes.length;
            this.knownLength = true;
        }

        /** Generated content, never held in memory whole. */
        CountingBody(long size, boolean knownLength) {
            this.bytes = null;
            this.size = size;
            this.knownLength = knownLength;
        }

        @Override
        public MediaType contentType() {
            return JSON;
        }

        @Override
        public long contentLength() {
            return knownLength ? size : -1;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            writes.incrementAndGet();
            if (bytes != null) {
                sink.write(bytes);
                return;
            }
            byte[] chunk = new byte[8192];
            for (long written = 0; written < size; ) {
                int n = (int) Math.min(chunk.length, size - written);
                fill(chunk, written, n);
                sink.write(chunk, 0, n);
                written += n;
            }
        }

        private static void fill(byte[] chunk, long offset, int n) {
            for (int i = 0; i < n; i++) {
                chunk[i] = (byte) ('a' + (offset + i) % 26);
            }
        }

        String sha256() {
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                if (bytes != null) {
                    digest.update(bytes);
                } else {
                    byte[] chunk = new byte[8192];
                    for (long done = 0; done < size; ) {
                        int n = (int) Math.min(chunk.length, size - done);
                        fill(chunk, done, n);
                        digest.update(chunk, 0, n);
                        done += n;
                    }
                }
                return HexFormat.of().formatHex(digest.digest());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
