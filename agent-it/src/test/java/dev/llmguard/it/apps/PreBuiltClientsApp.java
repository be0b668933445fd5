package dev.llmguard.it.apps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Builds its OkHttp clients and a JDK client, says {@code READY} and waits for a line on stdin (the
 * test attaches the agent meanwhile), then calls through every client, plus one built afterwards.
 * Arguments: url, apiKey, prompt.
 */
public final class PreBuiltClientsApp {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        String apiKey = args[1];
        String prompt = args[2];
        AtomicInteger appInterceptorRuns = new AtomicInteger();

        Map<String, OkHttpClient> clients = new LinkedHashMap<>();
        clients.put("default", new OkHttpClient());
        OkHttpClient withInterceptor = new OkHttpClient.Builder().addInterceptor(new ChatCallsApp.CountingInterceptor(appInterceptorRuns)).build();
        clients.put("with-app-interceptor", withInterceptor);
        clients.put("derived", withInterceptor.newBuilder().readTimeout(30, TimeUnit.SECONDS).build());
        java.net.http.HttpClient jdkClient = java.net.http.HttpClient.newHttpClient();
        System.out.println("READY");

        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String command = stdin.readLine();
        System.out.println("GOT " + command);
        clients.put("built-after", new OkHttpClient.Builder().build());

        int n = 0;
        for (Map.Entry<String, OkHttpClient> e : clients.entrySet()) {
            OkHttpClient client = e.getValue();
            System.out.println("INTERCEPTORS " + e.getKey() + " " + names(client.interceptors()));
            String json = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + " #" + n++ + "\"}]}";
            Request request = new Request.Builder().url(url).header("Authorization", "Bearer " + apiKey)
                    .post(RequestBody.create(MediaType.parse("application/json"), json)).build();
            try (Response r = client.newCall(request).execute()) {
                System.out.println("CALL " + e.getKey() + " status=" + r.code());
            } catch (IOException ex) {
                System.out.println("CALL " + e.getKey() + " error=" + ex);
            }
        }
        String json = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + " #jdk\"}]}";
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build();
        System.out.println("CALL jdk-client status="
                + jdkClient.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
        System.out.println("APP_INTERCEPTOR_RUNS " + appInterceptorRuns.get());
        System.exit(0);
    }

    static List<String> names(List<Interceptor> interceptors) {
        List<String> out = new ArrayList<>();
        for (Interceptor i : interceptors) {
            out.add(i.getClass().getName());
        }
        return out;
    }
}
