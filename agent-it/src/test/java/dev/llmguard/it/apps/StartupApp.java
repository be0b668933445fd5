package dev.llmguard.it.apps;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** Prints its first line at once, then (given a URL) makes one OkHttp call and prints a second. */
public final class StartupApp {
    public static void main(String[] args) throws Exception {
        System.out.println("STARTED");
        if (args.length > 0) {
            OkHttpClient client = new OkHttpClient();
            Request request = new Request.Builder().url(args[0])
                    .post(RequestBody.create(MediaType.parse("application/json"), "{\"model\":\"gpt-4o-mini\",\"messages\":[]}")).build();
            try (Response r = client.newCall(request).execute()) {
                System.out.println("FIRST_RESPONSE " + r.code());
            }
        }
        System.exit(0);
    }
}
