package dev.llmguard.it.apps;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.HttpsURLConnection;

/**
 * A plain {@code HttpURLConnection} application with no retry code, as a legacy service calls an
 * OpenAI-compatible API, run in a child JVM with or without the agent. Prints one line per call:
 * {@code CALL i status=... guard=... retry-after=... sha=<of the body sent> error=<getInputStream's exception>
 * body=<input or error stream>} or {@code CALL i failed=<exception>}.
 *
 * <p>Arguments are key=value: url, calls (1), threads (1), streaming (none|fixed|chunked),
 * padding (extra bytes of prompt, for a long body), read (code|headers: what the app asks first),
 * prompt, apiKey.
 */
public final class UrlConnectionApp {
    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        int calls = Integer.parseInt(a.getOrDefault("calls", "1"));
        ExecutorService pool = Executors.newFixedThreadPool(Integer.parseInt(a.getOrDefault("threads", "1")));
        List<Future<String>> lines = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            final int n = i;
            lines.add(pool.submit(() -> call(a, n)));
        }
        for (Future<String> line : lines) {
            System.out.println(line.get());
        }
        pool.shutdown();
        System.exit(0);
    }

    private static String call(Map<String, String> a, int n) {
        try {
            String prompt = a.getOrDefault("prompt", "Say hello") + " #" + n + "x".repeat(Integer.parseInt(a.getOrDefault("padding", "0")));
            byte[] body = ("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}")
                    .getBytes(StandardCharsets.UTF_8);
            HttpURLConnection c = (HttpURLConnection) new URL(a.get("url")).openConnection();
            if (c instanceof HttpsURLConnection) {
                ((HttpsURLConnection) c).setSSLSocketFactory(TrustAll.context().getSocketFactory());
                ((HttpsURLConnection) c).setHostnameVerifier((host, session) -> true);
            }
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setConnectTimeout(5000);
            c.setReadTimeout(30000);
            c.setRequestProperty("Authorization", "Bearer " + a.getOrDefault("apiKey", "sk-test"));
            c.setRequestProperty("Content-Type", "application/json");
            if (AppHeader.name() != null) {
                c.setRequestProperty(AppHeader.name(), AppHeader.value());
            }
            String streaming = a.getOrDefault("streaming", "none");
            if ("fixed".equals(streaming)) {
                c.setFixedLengthStreamingMode(body.length);
            } else if ("chunked".equals(streaming)) {
                c.setChunkedStreamingMode(64);
            }
            try (OutputStream out = c.getOutputStream()) {
                out.write(body, 0, body.length / 2); // in two writes, as a serializer would
                out.write(body, body.length / 2, body.length - body.length / 2);
            }
            StringBuilder line = new StringBuilder("CALL " + n);
            if ("headers".equals(a.get("read"))) {
                line.append(" first=").append(c.getHeaderField(0));
            }
            int status = c.getResponseCode();
            line.append(" status=").append(status).append(" message=").append(c.getResponseMessage());
            if (c.getHeaderField("x-llm-guard") != null) {
                line.append(" guard=").append(c.getHeaderField("x-llm-guard")).append(" retry-after=").append(c.getHeaderField("retry-after"));
            }
            if (c instanceof HttpsURLConnection) {
                line.append(" cipher=").append(((HttpsURLConnection) c).getCipherSuite() != null);
            }
            line.append(" sha=").append(sha256(body));
            InputStream in;
            try {
                in = c.getInputStream();
            } catch (IOException e) {
                line.append(" error=").append(e.getClass().getName()).append(": ").append(e.getMessage());
                in = c.getErrorStream();
            }
            String text = in == null ? "null" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            line.append(" body=").append(text.replace('\n', ' '));
            c.disconnect();
            return line.toString();
        } catch (Exception e) {
            return "CALL " + n + " failed=" + e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            m.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return m;
    }
}
