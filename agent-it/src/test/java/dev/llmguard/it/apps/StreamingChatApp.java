package dev.llmguard.it.apps;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * OkHttp, the JDK's HttpClient (an input stream), HttpURLConnection, Apache HttpClient 5 classic or
 * 4.5 (the entity's stream), or HttpClient 5 async (chunks as they come). Prints one line per call:
 * {@code CALL i status=200 events=N done=true firstEventMs=F endMs=E promptTokens=P}: when the first
 * event was read and when the stream ended, from the request's start, and the prompt tokens of the
 * stream's own usage chunk (-1 when it has none).
 *
 * <p>Arguments are key=value: url, client (okhttp|jdk|urlconnection|hc5|hc4|hc5async), calls (1), promptChars (400), includeUsage
 * (true), stream (true; false: a plain JSON answer), apiKey.
 */
public final class StreamingChatApp {
    private static final Pattern PROMPT_TOKENS = Pattern.compile("\"prompt_tokens\":(\\d+)");

    /** One client's way of making a streamed call and reading it as it comes. */
    interface Client {
        String call(int n, String url, String apiKey, String json) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = SdkAppSupport.parse(args);
        int calls = Integer.parseInt(a.getOrDefault("calls", "1"));
        String name = a.getOrDefault("client", "okhttp");
        Client client = switch (name) {
            case "okhttp" -> new OkHttpClientCalls();
            case "jdk" -> new JdkCalls();
            case "urlconnection" -> new UrlConnectionCalls();
            case "hc5" -> new Hc5Calls();
            case "hc4" -> new Hc4Calls();
            case "hc5async" -> new Hc5AsyncCalls();
            default -> throw new IllegalArgumentException("client: " + name);
        };
        for (int i = 0; i < calls; i++) {
            System.out.println(client.call(i, a.get("url"), a.getOrDefault("apiKey", "sk-test"), body(a, i)));
        }
        System.exit(0);
    }

    static final class OkHttpClientCalls implements Client {
        private final OkHttpClient client = new OkHttpClient();

        @Override
        public String call(int n, String url, String apiKey, String json) throws Exception {
            long start = System.nanoTime();
            Request request = new Request.Builder().url(url).header("Authorization", "Bearer " + apiKey)
                    .post(RequestBody.create(MediaType.parse("application/json"), json)).build();
            try (Response r = client.newCall(request).execute()) {
                return read(n, r.code(), r.body().byteStream(), start);
            }
        }
    }

    static final class JdkCalls implements Client {
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        @Override
        public String call(int n, String url, String apiKey, String json) throws Exception {
            long start = System.nanoTime();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + apiKey)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
            HttpResponse<InputStream> r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                return read(n, r.statusCode(), in, start);
            }
        }
    }

    static final class UrlConnectionCalls implements Client {
        @Override
        public String call(int n, String url, String apiKey, String json) throws Exception {
            long start = System.nanoTime();
            java.net.HttpURLConnection c = (java.net.HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Authorization", "Bearer " + apiKey);
            c.setRequestProperty("Content-Type", "application/json");
            try (java.io.OutputStream out = c.getOutputStream()) {
                out.write(json.getBytes(StandardCharsets.UTF_8));
            }
            int status = c.getResponseCode();
            try (InputStream in = c.getInputStream()) {
                return read(n, status, in, start);
            }
        }
    }

    static final class Hc5Calls implements Client {
        private final org.apache.hc.client5.http.impl.classic.CloseableHttpClient client =
                org.apache.hc.client5.http.impl.classic.HttpClients.createDefault();

        @Override
        public String call(int n, String url, String apiKey, String json) throws Exception {
            long start = System.nanoTime();
            org.apache.hc.client5.http.classic.methods.HttpPost post = new org.apache.hc.client5.http.classic.methods.HttpPost(url);
            post.setHeader("Authorization", "Bearer " + apiKey);
            post.setEntity(new org.apache.hc.core5.http.io.entity.StringEntity(json,
                    org.apache.hc.core5.http.ContentType.APPLICATION_JSON));
            try (org.apache.hc.client5.http.impl.classic.CloseableHttpResponse r = client.execute(post)) {
                return read(n, r.getCode(), r.getEntity().getContent(), start);
            }
        }
    }

    static final class Hc4Calls implements Client {
        private final org.apache.http.impl.client.CloseableHttpClient client = org.apache.http.impl.client.HttpClients.createDefault();

        @Override
        public String call(int n, String url, String apiKey, String json) throws Exception {
            long start = System.nanoTime();
            org.apache.http.client.methods.HttpPost post = new org.apache.http.client.methods.HttpPost(url);
            post.setHeader("Authorization", "Bearer " + apiKey);
            post.setEntity(new org.apache.http.entity.StringEntity(json, org.apache.http.entity.ContentType.APPLICATION_JSON));
            try (org.apache.http.client.methods.CloseableHttpResponse r = client.execute(post)) {
                return read(n, r.getStatusLine().getStatusCode(), r.getEntity().getContent(), start);
            }
        }
    }

    /** The async client, its body taken chunk by chunk as it arrives ({@code AbstractBinResponseConsumer}). */
    static final class Hc5AsyncCalls implements Client {
        private final org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient client =
                org.apache.hc.client5.http.impl.async.HttpAsyncClients.createDefault();

        Hc5AsyncCalls() {
            client.start();
        }

        @Override
        public String call(int n, String url, String apiKey, String json) throws Exception {
            long start = System.nanoTime();
            long[] first = {-1};
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            org.apache.hc.core5.http.nio.AsyncRequestProducer producer = org.apache.hc.core5.http.nio.support.AsyncRequestBuilder
                    .post(url).setHeader("Authorization", "Bearer " + apiKey)
                    .setEntity(json, org.apache.hc.core5.http.ContentType.APPLICATION_JSON).build();
            int status = client.execute(producer, new org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer<Integer>() {
                private int code;

                @Override
                protected void start(org.apache.hc.core5.http.HttpResponse response, org.apache.hc.core5.http.ContentType type) {
                    code = response.getCode();
                }

                @Override
                protected int capacityIncrement() {
                    return 64 * 1024;
                }

                @Override
                protected void data(java.nio.ByteBuffer src, boolean endOfStream) {
                    synchronized (body) {
                        if (first[0] < 0 && src.hasRemaining()) {
                            first[0] = System.nanoTime();
                        }
                        while (src.hasRemaining()) {
                            body.write(src.get());
                        }
                    }
                }

                @Override
                protected Integer buildResult() {
                    return code;
                }

                @Override
                public void releaseResources() {
                }
            }, null).get();
            String line;
            synchronized (body) {
                line = read(n, status, new java.io.ByteArrayInputStream(body.toByteArray()), start);
            }
            // the body was gathered first: its first bytes' arrival stands for the first event's
            return line.replaceFirst(" firstEventMs=-?\\d+", " firstEventMs=" + (first[0] < 0 ? -1 : (first[0] - start) / 1_000_000));
        }
    }

    private static String body(Map<String, String> a, int n) {
        int chars = Integer.parseInt(a.getOrDefault("promptChars", "400"));
        StringBuilder prompt = new StringBuilder("Call " + n + ":");
        while (prompt.length() < chars) {
            prompt.append(" tell me more");
        }
        String options = Boolean.parseBoolean(a.getOrDefault("includeUsage", "true"))
                ? ",\"stream_options\":{\"include_usage\":true}" : "";
        boolean stream = Boolean.parseBoolean(a.getOrDefault("stream", "true"));
        return "{\"model\":\"gpt-4o-mini\",\"stream\":" + stream + (stream ? options : "") + ",\"max_tokens\":40,\"messages\":[{\"role\":\"user\",\"content\":\""
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
            Matcher usage = PROMPT_TOKENS.matcher(line);
            if (usage.find()) {
                promptTokens = Long.parseLong(usage.group(1));
            }
            if (!line.startsWith("data: ")) {
                continue;
            }
            if (first < 0) {
                first = System.nanoTime();
            }
            events++;
            done = line.equals("data: [DONE]");
        }
        long end = System.nanoTime();
        return "CALL " + n + " status=" + status + " events=" + events + " done=" + done
                + " firstEventMs=" + (first < 0 ? -1 : (first - start) / 1_000_000) + " endMs=" + (end - start) / 1_000_000
                + " promptTokens=" + promptTokens;
    }
}
