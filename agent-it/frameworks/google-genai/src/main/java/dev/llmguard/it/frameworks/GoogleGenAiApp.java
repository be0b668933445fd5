package dev.llmguard.it.frameworks;

import com.google.genai.Client;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A google-genai application: the SDK's {@code Client} with its defaults (its OkHttp client and its
 * own retry interceptor, 5 attempts), pointed at a local server. Prints {@code CALL i ok ms=... text=...}
 * or {@code CALL i error=<exception class> code=<status> ms=...}.
 *
 * <p>Arguments are key=value: url (the base URL), apiKey, prompt, calls (1), model (gemini-2.0-flash).
 */
public final class GoogleGenAiApp {
    public static void main(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Client client = Client.builder().apiKey(a.get("apiKey"))
                .httpOptions(HttpOptions.builder().baseUrl(a.get("url")).build()).build();
        String model = a.getOrDefault("model", "gemini-2.0-flash");
        int calls = Integer.parseInt(a.getOrDefault("calls", "1"));
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            try {
                GenerateContentResponse response = client.models.generateContent(model, a.get("prompt") + " #" + i, null);
                System.out.println("CALL " + i + " ok ms=" + (System.nanoTime() - start) / 1_000_000 + " text=" + response.text());
            } catch (com.google.genai.errors.ApiException e) {
                System.out.println("CALL " + i + " error=" + e.getClass().getName() + " code=" + e.code()
                        + " ms=" + (System.nanoTime() - start) / 1_000_000);
            } catch (RuntimeException e) {
                System.out.println("CALL " + i + " error=" + e.getClass().getName() + " ms=" + (System.nanoTime() - start) / 1_000_000);
            }
        }
        System.exit(0);
    }
}
