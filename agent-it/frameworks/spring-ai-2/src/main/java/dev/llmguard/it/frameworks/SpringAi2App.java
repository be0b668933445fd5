package dev.llmguard.it.frameworks;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;

/**
 * A Spring AI 2.0 application: {@code OpenAiChatModel} with its defaults, which run the official
 * OpenAI SDK over Spring AI's own OkHttp transport ({@code SpringAiOpenAiHttpClient}) with the SDK's
 * retries. Prints {@code CALL i ok ms=... text=...} or {@code CALL i error=<exception class> ms=...}.
 *
 * <p>Arguments are key=value: url (the base URL, with /v1), apiKey, prompt, calls (1).
 */
public final class SpringAi2App {
    public static void main(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        OpenAiChatOptions options = OpenAiChatOptions.builder().baseUrl(a.get("url")).apiKey(a.get("apiKey")).model("gpt-4o-mini").build();
        OpenAiChatModel model = OpenAiChatModel.builder().options(options).build();
        int calls = Integer.parseInt(a.getOrDefault("calls", "1"));
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            try {
                String text = model.call(a.get("prompt") + " #" + i);
                System.out.println("CALL " + i + " ok ms=" + (System.nanoTime() - start) / 1_000_000 + " text=" + text);
            } catch (RuntimeException e) {
                Throwable root = e;
                while (root.getCause() != null && root.getCause() != root) {
                    root = root.getCause();
                }
                System.out.println("CALL " + i + " error=" + e.getClass().getName() + " root=" + root.getClass().getName()
                        + " ms=" + (System.nanoTime() - start) / 1_000_000);
            }
        }
        System.exit(0);
    }
}
