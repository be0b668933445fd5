package dev.llmguard.it.apps;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * A Spring AI 1.1 application: {@code OpenAiChatModel} over {@code RestClient} with the JDK request
 * factory (what Spring picks when no other HTTP client is on the class path) and Spring AI's default
 * retry template. Prints {@code CALL i ok text=...} or {@code CALL i error=<exception class>}.
 *
 * <p>Arguments are key=value: url (the provider's base URL), calls (1), prompt, apiKey, factory (jdk|simple|default).
 */
public final class SpringAiApp {
    public static void main(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        OpenAiApi api = OpenAiApi.builder().baseUrl(a.get("url")).apiKey(a.getOrDefault("apiKey", "sk-test"))
                .restClientBuilder(restClient(a.getOrDefault("factory", "jdk")))
                .build();
        OpenAiChatModel model = OpenAiChatModel.builder().openAiApi(api)
                .defaultOptions(OpenAiChatOptions.builder().model("gpt-4o-mini").build()).build();
        int calls = Integer.parseInt(a.getOrDefault("calls", "1"));
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            try {
                String text = model.call(a.getOrDefault("prompt", "Say hello") + " #" + i);
                System.out.println("CALL " + i + " ok ms=" + (System.nanoTime() - start) / 1_000_000 + " text=" + text);
            } catch (Exception e) {
                System.out.println("CALL " + i + " error=" + e.getClass().getName() + " ms=" + (System.nanoTime() - start) / 1_000_000);
            }
        }
        System.exit(0);
    }

    /** jdk: the JDK client; simple: HttpURLConnection; default: what Spring picks (Apache HttpClient 5 when on the class path). */
    private static RestClient.Builder restClient(String factory) {
        switch (factory) {
            case "simple":
                return RestClient.builder().requestFactory(new SimpleClientHttpRequestFactory());
            case "default":
                return RestClient.builder();
            default:
                return RestClient.builder().requestFactory(new JdkClientHttpRequestFactory());
        }
    }
}
