package dev.llmguard.it.apps;

import java.io.File;
import java.io.IOException;
import java.util.List;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * One chat call through whatever OkHttp the class loader that loaded this class sees. Loaded once
 * per class loader by {@link ClassLoadersApp}; returns a one-line summary (only JDK types cross).
 */
public final class LoaderCall {
    private LoaderCall() {
    }

    public static String call(String url, String apiKey, String prompt) throws IOException {
        OkHttpClient client = new OkHttpClient.Builder().build();
        try (Response r = client.newCall(request(url, apiKey, prompt)).execute()) {
            return "status=" + r.code() + " " + describe(client);
        } finally {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    /**
     * The same call answered by an application interceptor (a 429, then a 200) instead of the
     * network, so OkHttp starts none of its own threads (they idle for a minute and would keep the
     * class loader alive regardless of the agent).
     */
    public static String callWithoutNetwork(String url, String apiKey, String prompt) throws IOException {
        final int[] attempts = {0};
        OkHttpClient client = new OkHttpClient.Builder().addInterceptor(chain -> {
            attempts[0]++;
            boolean first = attempts[0] == 1;
            return new Response.Builder().request(chain.request()).protocol(Protocol.HTTP_1_1)
                    .code(first ? 429 : 200).message(first ? "Too Many Requests" : "OK")
                    .header("retry-after-ms", "10")
                    .body(ResponseBody.create(MediaType.parse("application/json"), first ? "{\"error\":{\"code\":\"rate_limit_exceeded\"}}" : "{}"))
                    .build();
        }).build();
        try (Response r = client.newCall(request(url, apiKey, prompt)).execute()) {
            return "status=" + r.code() + " attempts=" + attempts[0] + " " + describe(client);
        }
    }

    private static Request request(String url, String apiKey, String prompt) {
        String json = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
        return new Request.Builder().url(url).header("Authorization", "Bearer " + apiKey)
                .post(RequestBody.create(MediaType.parse("application/json"), json)).build();
    }

    private static String describe(OkHttpClient client) {
        List<Interceptor> interceptors = client.interceptors();
        ClassLoader okHttpLoader = OkHttpClient.class.getClassLoader();
        String jar = new File(OkHttpClient.class.getProtectionDomain().getCodeSource().getLocation().getPath()).getName();
        StringBuilder sb = new StringBuilder("okhttp=" + jar + " interceptors=" + interceptors.size());
        if (!interceptors.isEmpty()) {
            Class<?> first = interceptors.get(0).getClass();
            ClassLoader adapterLoader = first.getClassLoader();
            sb.append(" first=").append(first.getName())
                    .append(" adapterLoader=").append(Integer.toHexString(System.identityHashCode(adapterLoader)))
                    .append(" adapterParentIsOkHttpLoader=").append(adapterLoader != null && adapterLoader.getParent() == okHttpLoader);
        }
        return sb.toString();
    }
}
