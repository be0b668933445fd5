package dev.llmguard.sdk.fake.client.okhttp;

import dev.llmguard.sdk.fake.core.http.HttpClient;

/** Stands in for an SDK's OkHttp transport ({@code com.openai.client.okhttp.OkHttpClient}): only its name matters. */
public final class OkHttpClient implements HttpClient {
}
