package dev.llmguard.it.frameworks;

import io.github.sashirestela.openai.SimpleOpenAI;
import io.github.sashirestela.openai.domain.chat.ChatMessage.UserMessage;
import io.github.sashirestela.openai.domain.chat.ChatRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A simple-openai application with its defaults: cleverclient over the JDK client, cleverclient's
 * own retries (3 attempts). Prints {@code CALL i ok ms=... text=...} or
 * {@code CALL i error=<exception class> root=<root cause class> ms=...}.
 *
 * <p>Arguments are key=value: url (the base URL), apiKey, prompt, calls (1).
 */
public final class SimpleOpenAiApp {
    public static void main(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        SimpleOpenAI openAi = SimpleOpenAI.builder().apiKey(a.get("apiKey")).baseUrl(a.get("url")).build();
        int calls = Integer.parseInt(a.getOrDefault("calls", "1"));
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            try {
                ChatRequest request = ChatRequest.builder().model("gpt-4o-mini").message(UserMessage.of(a.get("prompt") + " #" + i)).build();
                String text = openAi.chatCompletions().create(request).join().firstContent();
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
