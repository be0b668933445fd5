package dev.llmguard.sdk;

import dev.llmguard.log.GuardLog;
import dev.llmguard.log.InternalErrors;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the SDK advice meets the agent. While the guard is active, an SDK client whose transport is
 * the SDK's own OkHttp client, or another one built on OkHttp (which the guard sits in), keeps no retries of its own: the guard's
 * loop is the only one, so the server sees at most {@code llmguard.retry.max-attempts} requests per
 * call whatever {@code maxRetries} the application chose. Any other transport, or one that cannot be
 * identified, keeps the SDK's retries: the guard might not see its requests.
 */
public final class SdkBridge {
    /** The SDK's OkHttp transport, {@code com.openai.client.okhttp.OkHttpClient} and its Anthropic twin. */
    static final String OKHTTP_TRANSPORT_SUFFIX = ".client.okhttp.OkHttpClient";
    private static final String OKHTTP_CLIENT = "okhttp3.OkHttpClient";
    /** The SDK's transport interface; each decorator (logging, auth, tracing, interceptors) holds the next in a field of this type or a subtype. */
    static final String HTTP_CLIENT_SUFFIX = ".core.http.HttpClient";
    /** More decorators than any SDK version stacks; a longer chain is not followed. */
    private static final int MAX_DECORATORS = 16;

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
            if (!sendsThroughOkHttp(transport)) {
                if (ANNOUNCED.add(retryingClient + " other transport")) {
                    l.info(sdkName(retryingClient) + " client with a transport other than the SDK's OkHttp client keeps its own"
                            + " retries (maxRetries=" + configured + "); the guard may retry its requests on top of them");
                }
                return configured;
            }
            if (ANNOUNCED.add(retryingClient)) {
                l.info(sdkName(retryingClient) + " retries handed over to llm-guard: the SDK's maxRetries ("
                        + configured + ") is set to 0 and each call gets at most " + guardMaxAttempts
                        + " attempts (llmguard.retry.max-attempts)");
            }
            return 0;
        } catch (Throwable t) {
            InternalErrors.report("handing an SDK's retries to the guard", t);
            return configured;
        }
    }

    /**
     * Follows the decorators the retry loop wraps (logging, completion executor, auth, tracing,
     * the application's interceptors) down to the transport. Runs once per SDK client.
     */
    static boolean sendsThroughOkHttp(Object transport) {
        Object client = transport;
        for (int depth = 0; depth < MAX_DECORATORS && client != null; depth++) {
            Class<?> type = client.getClass();
            if (type.getName().endsWith(OKHTTP_TRANSPORT_SUFFIX) || holdsOkHttpClient(type)) {
                return true;
            }
            Field next = wrappedClientField(type);
            if (next == null) {
                return false;
            }
            try {
                next.setAccessible(true);
                client = next.get(client);
            } catch (RuntimeException | IllegalAccessException e) {
                return false; // e.g. the SDK is a named module that does not open its package: keep its retries
            }
        }
        return false;
    }

    /**
     * A transport of its own built on OkHttp, such as Spring AI 2.0's {@code SpringAiOpenAiHttpClient}:
     * every OkHttp client is guarded, so its requests are too.
     */
    private static boolean holdsOkHttpClient(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && f.getType().getName().equals(OKHTTP_CLIENT)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The first instance field holding an SDK {@code HttpClient} (declared as the interface or an implementation). */
    private static Field wrappedClientField(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && isSdkHttpClient(f.getType())) {
                    return f;
                }
            }
        }
        return null;
    }

    private static boolean isSdkHttpClient(Class<?> type) {
        if (type == null || type.isPrimitive() || type.isArray() || type.getName().startsWith("java.")) {
            return false;
        }
        if (type.getName().endsWith(HTTP_CLIENT_SUFFIX)) {
            return true;
        }
        for (Class<?> i : type.getInterfaces()) {
            if (isSdkHttpClient(i)) {
                return true;
            }
        }
        return isSdkHttpClient(type.getSuperclass());
    }

    /** {@code com.openai.core.http.RetryingHttpClient} -> {@code openai-java}. */
    static String sdkName(String retryingClient) {
        int dot = retryingClient.indexOf('.');
        int next = dot < 0 ? -1 : retryingClient.indexOf('.', dot + 1);
        return next < 0 ? retryingClient : retryingClient.substring(dot + 1, next) + "-java";
    }
}
