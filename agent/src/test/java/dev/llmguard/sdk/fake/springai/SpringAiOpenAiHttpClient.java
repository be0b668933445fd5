package dev.llmguard.sdk.fake.springai;

import dev.llmguard.sdk.fake.core.http.HttpClient;

/** Stands in for Spring AI 2.0's own transport of the OpenAI SDK: another name, an OkHttpClient inside. */
public final class SpringAiOpenAiHttpClient implements HttpClient {
    private final okhttp3.OkHttpClient okHttpClient = new okhttp3.OkHttpClient.Builder().build();
}
