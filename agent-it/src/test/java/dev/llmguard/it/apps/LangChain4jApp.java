package dev.llmguard.it.apps;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A LangChain4j application with its defaults (the JDK HTTP client, maxRetries 2), run in a child
 * JVM with or without the agent. Prints one line per call: {@code CALL i ok text=...} or
 * {@code CALL i error=<exception class>: <message>}.
 *
 * <p>Arguments are key=value: url (the provider's base URL), provider (openai|anthropic), calls (1),
 * prompt, apiKey, stream (true: OpenAI's streaming model, each call read as its events come).
 */
public final class LangChain4jApp {
    public static void main(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        String apiKey = a.getOrDefault("apiKey", "sk-test");
        ChatModel model = "anthropic".equals(a.get("provider"))
                ? AnthropicChatModel.builder().baseUrl(a.get("url")).apiKey(apiKey).modelName("claude-sonnet-4-5").build()
                : OpenAiChatModel.builder().baseUrl(a.get("url")).apiKey(apiKey).modelName("gpt-4o-mini").build();
        int calls = Integer.parseInt(a.getOrDefault("calls", "1"));
        if (Boolean.parseBoolean(a.get("stream"))) {
            stream(a, apiKey, calls);
            System.exit(0);
        }
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            try {
                String text = model.chat(a.getOrDefault("prompt", "Say hello") + " #" + i);
                System.out.println("CALL " + i + " ok ms=" + (System.nanoTime() - start) / 1_000_000 + " text=" + text);
            } catch (Exception e) {
                System.out.println("CALL " + i + " error=" + e.getClass().getName() + " ms=" + (System.nanoTime() - start) / 1_000_000);
            }
        }
        System.exit(0);
    }

    /** OpenAI's streaming model, as LangChain4j's documentation shows it: {@code CALL i ok partials=N inputTokens=T}. */
    private static void stream(Map<String, String> a, String apiKey, int calls) {
        StreamingChatModel model = OpenAiStreamingChatModel.builder().baseUrl(a.get("url")).apiKey(apiKey).modelName("gpt-4o-mini").build();
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            CompletableFuture<ChatResponse> done = new CompletableFuture<>();
            AtomicInteger partials = new AtomicInteger();
            model.chat(a.getOrDefault("prompt", "Say hello") + " #" + i, new StreamingChatResponseHandler() {
                @Override
                public void onPartialResponse(String partialResponse) {
                    partials.incrementAndGet();
                }

                @Override
                public void onCompleteResponse(ChatResponse completeResponse) {
                    done.complete(completeResponse);
                }

                @Override
                public void onError(Throwable error) {
                    done.completeExceptionally(error);
                }
            });
            try {
                ChatResponse response = done.get(60, TimeUnit.SECONDS);
                System.out.println("CALL " + i + " ok ms=" + (System.nanoTime() - start) / 1_000_000 + " partials=" + partials
                        + " inputTokens=" + (response.tokenUsage() == null ? -1 : response.tokenUsage().inputTokenCount()));
            } catch (Exception e) {
                System.out.println("CALL " + i + " error=" + e.getClass().getName() + " ms=" + (System.nanoTime() - start) / 1_000_000);
            }
        }
    }
}
