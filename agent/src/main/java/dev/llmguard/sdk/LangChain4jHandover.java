package dev.llmguard.sdk;

import dev.llmguard.log.GuardLog;
import dev.llmguard.log.InternalErrors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * LangChain4j retries every model call itself ({@code RetryUtils.RetryPolicy.withRetry}: maxRetries
 * 2 by default, about 1 s x 1.5^n, Retry-After ignored). While the guard sees the requests, that loop
 * is handed over: it makes no retries, the guard's loop makes them, and one call reaches the server
 * at most {@code llmguard.retry.max-attempts} times. LangChain4j sees the requests through its HTTP
 * client; the guard sees those of the JDK client (LangChain4j's default) and of OkHttp. With another
 * HTTP client on the class path (Apache, Spring's RestClient) LangChain4j keeps its retries.
 */
public final class LangChain4jHandover {
    /** LangChain4j's HTTP client modules the guard sees through, and those it may not. */
    private static final String[] GUARDED_CLIENTS = {
        "dev.langchain4j.http.client.jdk.JdkHttpClient", "dev.langchain4j.http.client.okhttp.OkHttpClient"};
    private static final String[] OTHER_CLIENTS = {
        "dev.langchain4j.http.client.apache.ApacheHttpClient", "dev.langchain4j.http.client.spring.restclient.SpringRestClient"};

    private static volatile GuardLog log;
    private static volatile int guardMaxAttempts;
    private static final ClassValue<Boolean> HANDS_OVER = new ClassValue<Boolean>() {
        @Override
        protected Boolean computeValue(Class<?> policy) {
            ClassLoader loader = policy.getClassLoader();
            return ClassPath.firstPresent(loader, GUARDED_CLIENTS) != null && ClassPath.firstPresent(loader, OTHER_CLIENTS) == null;
        }
    };
    private static final AtomicBoolean ANNOUNCED = new AtomicBoolean();
    private static final AtomicBoolean KEPT = new AtomicBoolean();

    private LangChain4jHandover() {
    }

    /** Called once the guard is active; null switches the hand-over off. */
    public static void activate(GuardLog guardLog, int maxAttempts) {
        guardMaxAttempts = maxAttempts;
        log = guardLog;
    }

    /** Called by advice on {@code withRetry(action, maxRetries)}: the retries LangChain4j may still make. */
    public static int maxRetries(Class<?> policy, int configured) {
        GuardLog l = log;
        if (l == null || configured <= 0) {
            return configured;
        }
        try {
            if (!HANDS_OVER.get(policy)) {
                if (KEPT.compareAndSet(false, true)) {
                    l.info("langchain4j keeps its own retries (maxRetries=" + configured + "): its HTTP client is not one the"
                            + " guard sees through (it sees langchain4j-http-client-jdk and -okhttp)");
                }
                return configured;
            }
            if (ANNOUNCED.compareAndSet(false, true)) {
                l.info("langchain4j retries handed over to llm-guard: its maxRetries (" + configured + ") is set to 0 and each"
                        + " call gets at most " + guardMaxAttempts + " attempts (llmguard.retry.max-attempts)");
            }
            return 0;
        } catch (Throwable t) {
            InternalErrors.report("handing LangChain4j's retries to the guard", t);
            return configured;
        }
    }
}
