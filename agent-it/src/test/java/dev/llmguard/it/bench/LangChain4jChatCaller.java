package dev.llmguard.it.bench;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** LangChain4j's {@code OpenAiChatModel} with its defaults (the JDK client, maxRetries 2); it has no async chat model. */
final class LangChain4jChatCaller implements ThrottleWorkload.ChatCaller {
    private final ChatModel model;
    private final String prompt;

    LangChain4jChatCaller(String baseUrl, String apiKey, String model, String prompt, int maxTokens) {
        this.model = OpenAiChatModel.builder().baseUrl(baseUrl).apiKey(apiKey).modelName(model).maxCompletionTokens(maxTokens).build();
        this.prompt = prompt;
    }

    @Override
    public String call() {
        try {
            model.chat(prompt);
            return null;
        } catch (RuntimeException e) {
            Throwable t = e;
            while (t.getCause() != null && !(t instanceof HttpException)) {
                t = t.getCause();
            }
            return t instanceof HttpException ? Integer.toString(((HttpException) t).statusCode()) : e.getClass().getSimpleName();
        }
    }

    @Override
    public void callAsync(Consumer<String> done) {
        CompletableFuture.supplyAsync(this::call).thenAccept(done);
    }

    @Override
    public void close() {
    }
}
