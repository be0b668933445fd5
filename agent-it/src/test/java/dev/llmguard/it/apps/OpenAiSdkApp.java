package dev.llmguard.it.apps;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An application using the official OpenAI Java SDK as its documentation shows, with no retry code
 * of its own. Compiled against the latest openai-java and run on older majors too, so it uses only
 * API they share. Arguments (key=value): baseUrl, apiKey, prompt, maxRetries (SDK default when
 * absent), modes (comma-separated, each sync|async|stream|stream-async; one call each, in order),
 * calls (how often the modes are run, 1), includeUsage (streams end with a usage chunk: stream_options.include_usage).
 * Calls are made one after the other.
 */
public final class OpenAiSdkApp {
    public static void main(String[] args) throws Exception {
        Map<String, String> a = SdkAppSupport.parse(args);
        OpenAIOkHttpClient.Builder builder = OpenAIOkHttpClient.builder()
                .baseUrl(a.get("baseUrl"))
                .apiKey(a.getOrDefault("apiKey", "sk-test"));
        if (a.containsKey("maxRetries")) {
            builder.maxRetries(Integer.parseInt(a.get("maxRetries")));
        }
        OpenAIClient client = builder.build();
        String[] modes = a.getOrDefault("modes", "sync").split(",");
        int calls = Integer.parseInt(a.getOrDefault("calls", "1")) * modes.length;
        for (int n = 0; n < calls; n++) {
            String mode = modes[n % modes.length];
            ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                    .model("gpt-4o-mini")
                    .addUserMessage(a.getOrDefault("prompt", "Say hello") + " #" + n);
            if (Boolean.parseBoolean(a.get("includeUsage"))) {
                params.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
            }
            System.out.println(call(client, mode, params.build(), n));
        }
        client.close();
        System.exit(0);
    }

    private static String call(OpenAIClient client, String mode, ChatCompletionCreateParams params, int n) {
        long start = System.nanoTime();
        AtomicInteger chunks = new AtomicInteger();
        StringBuilder text = new StringBuilder();
        try {
            switch (mode) {
                case "sync":
                    return SdkAppSupport.ok(n, start, describe(client.chat().completions().create(params)));
                case "async":
                    return SdkAppSupport.ok(n, start, describe(client.async().chat().completions().create(params).get(60, TimeUnit.SECONDS)));
                case "stream":
                    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
                        stream.stream().forEach(chunk -> collect(chunk, chunks, text));
                    }
                    return SdkAppSupport.ok(n, start, "chunks=" + chunks + " text=" + text);
                case "stream-async":
                    AsyncStreamResponse<ChatCompletionChunk> stream = client.async().chat().completions().createStreaming(params);
                    stream.subscribe(chunk -> collect(chunk, chunks, text));
                    stream.onCompleteFuture().get(60, TimeUnit.SECONDS);
                    return SdkAppSupport.ok(n, start, "chunks=" + chunks + " text=" + text);
                default:
                    throw new IllegalArgumentException("mode " + mode);
            }
        } catch (Throwable t) {
            Throwable e = SdkAppSupport.unwrap(t);
            String more = mode.startsWith("stream") ? "chunks=" + chunks : null;
            if (e instanceof OpenAIServiceException) {
                OpenAIServiceException s = (OpenAIServiceException) e;
                return SdkAppSupport.error(n, start, e, s.statusCode(), s.headers().values("x-request-id"), more);
            }
            return SdkAppSupport.error(n, start, e, null, null, more);
        }
    }

    private static String describe(ChatCompletion completion) {
        Optional<String> content = completion.choices().get(0).message().content();
        return "id=" + completion.id() + " text=" + content.orElse("");
    }

    private static void collect(ChatCompletionChunk chunk, AtomicInteger chunks, StringBuilder text) {
        chunks.incrementAndGet();
        if (!chunk.choices().isEmpty()) {
            synchronized (text) {
                text.append(chunk.choices().get(0).delta().content().orElse(""));
            }
        }
    }
}
