package dev.llmguard.it.apps;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A service that makes a known number of chat calls one after another, prints
 * {@code DONE calls=<n> ok=<n>}, then stays up until a line arrives on stdin: the JVM the status
 * command and a JMX client read. Arguments: url, calls, apiKey.
 */
public final class MeteredServiceApp {
    public static void main(String[] args) throws Exception {
        String url = args[0];
        int calls = Integer.parseInt(args[1]);
        String apiKey = args[2];
        OkHttpClient client = new OkHttpClient();
        int ok = 0;
        for (int i = 0; i < calls; i++) {
            String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"call " + i + "\"}]}";
            Request request = new Request.Builder().url(url).header("Authorization", "Bearer " + apiKey)
                    .post(RequestBody.create(MediaType.parse("application/json"), body)).build();
            try (Response r = client.newCall(request).execute()) {
                r.body().string();
                if (r.isSuccessful()) {
                    ok++;
                }
            }
        }
        System.out.println("DONE calls=" + calls + " ok=" + ok);
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in)).readLine();
        client.dispatcher().executorService().shutdown();
        System.exit(0);
    }
}
