package dev.llmguard.it.bench;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The OpenAI Java SDK with its default settings (its own retries included), sync and
 * {@code async()}. A class of its own so that the OkHttp-only runs never load the SDK.
 */
final class SdkChatCaller implements ThrottleWorkload.ChatCaller {
    private final OpenAIClient client;
    private final ChatCompletionCreateParams params;

    private SdkChatCaller(OpenAIClient client, ChatCompletionCreateParams params) {
        this.client = client;
        this.params = params;
    }

    static SdkChatCaller create(String baseUrl, String apiKey, String model, String prompt, int maxTokens) {
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey(apiKey).build();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model(model).addUserMessage(prompt).maxCompletionTokens(maxTokens).build();
        return new SdkChatCaller(client, params);
    }

    @Override
    public String call() {
        try {
            client.chat().completions().create(params);
            return null;
        } catch (RuntimeException e) {
            return cause(e);
        }
    }

    @Override
    public void callAsync(Consumer<String> done) {
        client.async().chat().completions().create(params)
                .whenComplete((completion, error) -> done.accept(error == null ? null : cause(error)));
    }

    private static String cause(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof OpenAIServiceException) {
            OpenAIServiceException s = (OpenAIServiceException) t;
            return s.statusCode() + (!s.headers().values("x-llm-guard").isEmpty() ? " refused by llm-guard" : "");
        }
        if (t instanceof OpenAIIoException) {
            Throwable root = t.getCause() == null ? t : t.getCause();
            return "I/O " + root.getClass().getSimpleName();
        }
        return t.getClass().getSimpleName();
    }

    @Override
    public void close() {
        client.close();
    }
}
