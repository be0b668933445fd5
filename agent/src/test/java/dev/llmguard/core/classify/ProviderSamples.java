package dev.llmguard.core.classify;

/** Error bodies as the providers send them (see docs/provider-facts.md). */
final class ProviderSamples {

    static final String OPENAI_429_TOKENS = "{\n"
            + "    \"error\": {\n"
            + "        \"message\": \"Rate limit reached for gpt-4o in organization org-abc123 on tokens per min (TPM): "
            + "Limit 30000, Used 29783, Requested 1224. Please try again in 2.014s. Visit "
            + "https://platform.openai.com/account/rate-limits to learn more.\",\n"
            + "        \"type\": \"tokens\",\n"
            + "        \"param\": null,\n"
            + "        \"code\": \"rate_limit_exceeded\"\n"
            + "    }\n"
            + "}\n";

    static final String OPENAI_429_REQUESTS = "{\"error\":{\"message\":\"Rate limit reached for gpt-3.5-turbo in "
            + "organization org-abc123 on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s. "
            + "Visit https://platform.openai.com/account/rate-limits to learn more.\",\"type\":\"requests\","
            + "\"param\":null,\"code\":\"rate_limit_exceeded\"}}";

    static final String OPENAI_429_INSUFFICIENT_QUOTA = "{\"error\":{\"message\":\"You exceeded your current quota, "
            + "please check your plan and billing details. For more information on this error, read the docs: "
            + "https://platform.openai.com/docs/guides/error-codes/api-errors.\",\"type\":\"insufficient_quota\","
            + "\"param\":null,\"code\":\"insufficient_quota\"}}";

    static final String OPENAI_429_REQUEST_TOO_LARGE = "{\"error\":{\"message\":\"Request too large for gpt-4o in "
            + "organization org-abc123 on tokens per min (TPM): Limit 30000, Requested 36575. The input or output tokens "
            + "must be reduced in order to run successfully. Visit https://platform.openai.com/account/rate-limits to "
            + "learn more.\",\"type\":\"tokens\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}";

    static final String OPENAI_503_OVERLOADED = "{\"error\":{\"message\":\"The server is overloaded or not ready yet.\","
            + "\"type\":\"server_error\",\"param\":null,\"code\":\"server_is_overloaded\"}}";

    static final String OPENAI_429_SLOW_DOWN = "{\"error\":{\"message\":\"Please reduce your rate of requests.\","
            + "\"type\":\"requests\",\"param\":null,\"code\":\"slow_down\"}}";

    static final String OPENAI_400 = "{\"error\":{\"message\":\"This model's maximum context length is 128000 tokens.\","
            + "\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}";

    static final String OPENAI_401 = "{\"error\":{\"message\":\"Incorrect API key provided: sk-proj-****abcd. You can "
            + "find your API key at https://platform.openai.com/account/api-keys.\",\"type\":\"invalid_request_error\","
            + "\"param\":null,\"code\":\"invalid_api_key\"}}";

    static final String OPENAI_500 = "{\"error\":{\"message\":\"The server had an error while processing your request. "
            + "Sorry about that!\",\"type\":\"server_error\",\"param\":null,\"code\":null}}";

    static final String ANTHROPIC_429 = "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":"
            + "\"This request would exceed the rate limit for your organization (4b6c7d1e) of 50,000 input tokens per "
            + "minute. For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response "
            + "headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again "
            + "later.\"},\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}";

    static final String ANTHROPIC_429_SPEND_LIMIT = "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\","
            + "\"message\":\"You have reached your specified workspace API usage limits. You will regain access on "
            + "2024-05-01 at 00:00 UTC.\",\"details\":{\"error_code\":\"enforced_spend_limit_reached\"}},"
            + "\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fz\"}";

    static final String ANTHROPIC_529 = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":"
            + "\"Overloaded\"},\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7G0\"}";

    static final String ANTHROPIC_500 = "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":"
            + "\"Internal server error\"},\"request_id\":\"req_1\"}";

    static final String GEMINI_429_PER_MINUTE = "{\n"
            + "  \"error\": {\n"
            + "    \"code\": 429,\n"
            + "    \"message\": \"You exceeded your current quota, please check your plan and billing details. For more "
            + "information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.\\n* Quota exceeded "
            + "for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 15, model: "
            + "gemini-2.0-flash\\nPlease retry in 29.478s.\",\n"
            + "    \"status\": \"RESOURCE_EXHAUSTED\",\n"
            + "    \"details\": [\n"
            + "      {\n"
            + "        \"@type\": \"type.googleapis.com/google.rpc.QuotaFailure\",\n"
            + "        \"violations\": [\n"
            + "          {\n"
            + "            \"quotaMetric\": \"generativelanguage.googleapis.com/generate_content_free_tier_requests\",\n"
            + "            \"quotaId\": \"GenerateRequestsPerMinutePerProjectPerModel-FreeTier\",\n"
            + "            \"quotaDimensions\": {\"location\": \"global\", \"model\": \"gemini-2.0-flash\"},\n"
            + "            \"quotaValue\": \"15\"\n"
            + "          }\n"
            + "        ]\n"
            + "      },\n"
            + "      {\n"
            + "        \"@type\": \"type.googleapis.com/google.rpc.Help\",\n"
            + "        \"links\": [{\"description\": \"Learn more about Gemini API quotas\", "
            + "\"url\": \"https://ai.google.dev/gemini-api/docs/rate-limits\"}]\n"
            + "      },\n"
            + "      {\n"
            + "        \"@type\": \"type.googleapis.com/google.rpc.RetryInfo\",\n"
            + "        \"retryDelay\": \"30s\"\n"
            + "      }\n"
            + "    ]\n"
            + "  }\n"
            + "}\n";

    static final String GEMINI_429_PER_DAY = "{\"error\":{\"code\":429,\"message\":\"You exceeded your current quota, "
            + "please check your plan and billing details.\\n* Quota exceeded for metric: "
            + "generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 50, model: gemini-2.5-pro\\n"
            + "Please retry in 31.39s.\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
            + "\"type.googleapis.com/google.rpc.QuotaFailure\",\"violations\":[{\"quotaMetric\":"
            + "\"generativelanguage.googleapis.com/generate_content_free_tier_requests\",\"quotaId\":"
            + "\"GenerateRequestsPerDayPerProjectPerModel-FreeTier\",\"quotaDimensions\":{\"location\":\"global\","
            + "\"model\":\"gemini-2.5-pro\"},\"quotaValue\":\"50\"}]},{\"@type\":"
            + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"31s\"}]}}";

    static final String GEMINI_429_LIMIT_ZERO = "{\"error\":{\"code\":429,\"message\":\"You exceeded your current "
            + "quota, please check your plan and billing details.\\n* Quota exceeded for metric: "
            + "generativelanguage.googleapis.com/generate_content_free_tier_input_token_count, limit: 0, model: "
            + "gemini-2.5-pro-exp\\nPlease retry in 12s.\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
            + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"12s\"}]}}";

    static final String GEMINI_400 = "{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API "
            + "key.\",\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\","
            + "\"reason\":\"API_KEY_INVALID\",\"domain\":\"googleapis.com\",\"metadata\":{\"service\":"
            + "\"generativelanguage.googleapis.com\"}}]}}";

    static final String GEMINI_503 = "{\"error\":{\"code\":503,\"message\":\"The model is overloaded. Please try again "
            + "later.\",\"status\":\"UNAVAILABLE\"}}";

    private ProviderSamples() {
    }
}
