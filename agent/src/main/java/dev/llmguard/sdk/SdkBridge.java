package dev.llmguard.sdk;

import dev.llmguard.log.GuardLog;
import dev.llmguard.log.InternalErrors;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the SDK advice meets the agent. While the guard is active, an SDK client whose transport is
 * the SDK's own OkHttp client (which the guard sits in) keeps no retries of its own: the guard's
 * loop is the only one, so the server sees at most {@code llmguard.retry.max-attempts} requests per
 * call whatever {@code maxRetries} the application chose. Any other transport keeps the SDK's
 * retries, since the guard might not see its requests.
 */
public final class SdkBridge {
    /** The SDK's OkHttp transport, {@code com.openai.client.okhttp.OkHttpClient} and its Anthropic twin. */
    static final String OKHTTP_TRANSPORT_SUFFIX = ".client.okhttp.OkHttpClient";

    private static volatile GuardLog log;
    private static volatile int guardMaxAttempts;
    private static final Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

    private SdkBridge() {
    }

    /** Called once the guard sits in OkHttp; null switches the hand-over off. */
    public static void activate(GuardLog guardLog, int maxAttempts) {
        guardMaxAttempts = maxAttempts;
        log = guardLog;
    }

    /** The retries the SDK's own loop may still make: 0 while the guard owns its requests, else as configured. */
    public static int sdkMaxRetries(String retryingClient, Object transport, int configured) {
        GuardLog l = log;
        if (l == null || configured <= 0) {
            return configured;
        }
        try {
            if (transport == null || !transport.getClass().getName().endsWith(OKHTTP_TRANSPORT_SUFFIX)) {
                return configured;
            }
            if (ANNOUNCED.add(retryingClient)) {
                l.info(sdkName(retryingClient) + " retries handed over to llm-guard: the SDK's maxRetries ("
                        + configured + ") is set to 0 and each call is sent at most " + guardMaxAttempts
                        + " times (llmguard.retry.max-attempts)");
            }
            return 0;
        } catch (Throwable t) {
            InternalErrors.report("handing an SDK's retries to the guard", t);
            return configured;
        }
    }

    /** {@code com.openai.core.http.RetryingHttpClient} -> {@code openai-java}. */
    static String sdkName(String retryingClient) {
        int dot = retryingClient.indexOf('.');
        int next = dot < 0 ? -1 : retryingClient.indexOf('.', dot + 1);
        return next < 0 ? retryingClient : retryingClient.substring(dot + 1, next) + "-java";
    }
}
