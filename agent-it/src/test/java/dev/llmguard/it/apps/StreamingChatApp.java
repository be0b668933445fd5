package dev.llmguard.it.apps;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Streamed chat completions read line by line as they arrive, one call after the other, with
 * OkHttp or the JDK's HttpClient (an input stream). Prints one line per call:
 * {@code CALL i status=200 events=N done=true firstEventMs=F endMs=E promptTokens=P}: when the first
 * event was read and when the stream ended, from the request's start, and the prompt tokens of the
 * stream's own usage chunk (-1 when it has none).
 *
 * <p>Arguments are key=value: url, client (okhttp|jdk), calls (1), promptChars (400), includeUsage
 * (true), apiKey.
 */
public final class StreamingChatApp {
    private static final Pattern PROMPT_TOKENS = Pattern.compile("\"prompt_tokens\":(\\d+)");

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        int calls = Integer.parseInt(a.getOrDefault("calls", "1"));
        boolean okhttp = "okhttp".equals(a.getOrDefault("client", "okhttp"));
        OkHttpClient ok = okhttp ? new OkHttpClient() : null;
        HttpClient jdk = okhttp ? null : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < calls; i++) {
            String json = body(a, i);
            long start = System.nanoTime();
            String line;
            if (okhttp) {
                Request request = new Request.Builder().url(a.get("url"))
                        .header("Authorization", "Bearer " + a.getOrDefault("apiKey", "sk-test"))
                        .post(RequestBody.create(MediaType.parse("application/json"), json)).build();
                try (Response r = ok.newCall(request).execute()) {
                    line = read(i, r.code(), r.body().byteStream(), start);
                }
            } else {
                HttpRequest request = HttpRequest.newBuilder(URI.create(a.get("url")))
                        .header("Authorization", "Bearer " + a.getOrDefault("apiKey", "sk-test"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build();
                HttpResponse<InputStream> r = jdk.send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = r.body()) {
                    line = read(i, r.statusCode(), in, start);
                }
            }
            System.out.println(line);
        }
        System.exit(0);
    }

    private static String body(Map<String, String> a, int n) {
        int chars = Integer.parseInt(a.getOrDefault("promptChars", "400"));
        StringBuilder prompt = new StringBuilder("Call " + n + ":");
        while (prompt.length() < chars) {
            prompt.append(" tell me more");
        }
        String options = Boolean.parseBoolean(a.getOrDefault("includeUsage", "true"))
                ? ",\"stream_options\":{\"include_usage\":true}" : "";
        return "{\"model\":\"gpt-4o-mini\",\"stream\":true" + options + ",\"max_tokens\":40,\"messages\":[{\"role\":\"user\",\"content\":\""
                + prompt.substring(0, chars) + "\"}]}";
    }

    private static String read(int n, int status, InputStream in, long start) throws java.io.IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int events = 0;
        boolean done = false;
        long first = -1;
        long promptTokens = -1;
        String line;
        while ((line = reader.readLine()) != null) {
            if (!line.startsWith("data: ")) {
                continue;
            }
            if (first < 0) {
                first = System.nanoTime();
            }
            events++;
            done = line.equals("data: [DONE]");
            Matcher m = PROMPT_TOKENS.matcher(line);
            if (m.find()) {
                promptTokens = Long.parseLong(m.group(1));
            }
        }
        long end = System.nanoTime();
        return "CALL " + n + " status=" + status + " events=" + events + " done=" + done
                + " firstEventMs=" + (first < 0 ? -1 : (first - start) / 1_000_000) + " endMs=" + (end - start) / 1_000_000
                + " promptTokens=" + promptTokens;
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
