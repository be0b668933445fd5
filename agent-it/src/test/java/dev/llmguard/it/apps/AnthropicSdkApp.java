package dev.llmguard.it.apps;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An application using the official Anthropic Java SDK as its documentation shows, with no retry
 * code of its own. Arguments as {@link OpenAiSdkApp}.
 */
public final class AnthropicSdkApp {
    public static void main(String[] args) throws Exception {
        Map<String, String> a = SdkAppSupport.parse(args);
        AnthropicOkHttpClient.Builder builder = AnthropicOkHttpClient.builder()
                .baseUrl(a.get("baseUrl"))
                .apiKey(a.getOrDefault("apiKey", "sk-ant-test"));
        if (a.containsKey("maxRetries")) {
            builder.maxRetries(Integer.parseInt(a.get("maxRetries")));
        }
        AnthropicClient client = builder.build();
        String[] modes = a.getOrDefault("modes", "sync").split(",");
        int calls = Integer.parseInt(a.getOrDefault("calls", "1")) * modes.length;
        for (int n = 0; n < calls; n++) {
            String mode = modes[n % modes.length];
            MessageCreateParams params = MessageCreateParams.builder()
                    .model("claude-test")
                    .maxTokens(Long.parseLong(a.getOrDefault("maxTokens", "64")))
                    .addUserMessage(a.getOrDefault("prompt", "Say hello") + " #" + n)
                    .build();
            System.out.println(call(client, mode, params, n));
        }
        client.close();
        System.exit(0);
    }

    private static String call(AnthropicClient client, String mode, MessageCreateParams params, int n) {
        long start = System.nanoTime();
        AtomicInteger events = new AtomicInteger();
        StringBuilder text = new StringBuilder();
        try {
            switch (mode) {
                case "sync":
                    return SdkAppSupport.ok(n, start, describe(client.messages().create(params)));
                case "async":
                    return SdkAppSupport.ok(n, start, describe(client.async().messages().create(params).get(60, TimeUnit.SECONDS)));
                case "stream":
                    try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
                        stream.stream().forEach(event -> collect(event, events, text));
                    }
                    return SdkAppSupport.ok(n, start, "chunks=" + events + " text=" + text);
                case "stream-async":
                    AsyncStreamResponse<RawMessageStreamEvent> stream = client.async().messages().createStreaming(params);
                    stream.subscribe(event -> collect(event, events, text));
                    stream.onCompleteFuture().get(60, TimeUnit.SECONDS);
                    return SdkAppSupport.ok(n, start, "chunks=" + events + " text=" + text);
                default:
                    throw new IllegalArgumentException("mode " + mode);
            }
        } catch (Throwable t) {
            Throwable e = SdkAppSupport.unwrap(t);
            String more = mode.startsWith("stream") ? "chunks=" + events : null;
            if (e instanceof AnthropicServiceException) {
                AnthropicServiceException s = (AnthropicServiceException) e;
                return SdkAppSupport.error(n, start, e, s.statusCode(), s.headers().values("request-id"), more);
            }
            return SdkAppSupport.error(n, start, e, null, null, more);
        }
    }

    private static String describe(Message message) {
        StringBuilder text = new StringBuilder();
        message.content().forEach(block -> block.text().ifPresent(t -> text.append(t.text())));
        return "id=" + message.id() + " text=" + text;
    }

    private static void collect(RawMessageStreamEvent event, AtomicInteger events, StringBuilder text) {
        events.incrementAndGet();
        event.contentBlockDelta().ifPresent(d -> d.delta().text().ifPresent(t -> {
            synchronized (text) {
                text.append(t.text());
            }
        }));
    }
}
