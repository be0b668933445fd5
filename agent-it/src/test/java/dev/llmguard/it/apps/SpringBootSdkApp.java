package dev.llmguard.it.apps;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

/**
 * The start class of a Spring Boot executable jar that calls the OpenAI SDK; the SDK and OkHttp
 * are nested jars, loaded by Spring Boot's launcher class loader. Arguments: baseUrl apiKey prompt.
 */
public final class SpringBootSdkApp {
    public static void main(String[] args) throws Exception {
        ClassLoader okHttpLoader = Class.forName("okhttp3.OkHttpClient", false, SpringBootSdkApp.class.getClassLoader()).getClassLoader();
        System.out.println("OKHTTP_LOADER " + okHttpLoader.getClass().getName());
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(args[0]).apiKey(args[1]).build();
        try {
            ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("gpt-4o-mini").addUserMessage(args[2]).build());
            System.out.println("CALL status=200 id=" + completion.id());
        } catch (OpenAIServiceException e) {
            System.out.println("CALL status=" + e.statusCode());
        } finally {
            client.close();
        }
        System.exit(0);
    }
}
