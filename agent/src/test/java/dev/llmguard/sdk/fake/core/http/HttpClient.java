package dev.llmguard.sdk.fake.core.http;

/** Stands in for an SDK's transport interface ({@code com.openai.core.http.HttpClient}). */
public interface HttpClient {
}
