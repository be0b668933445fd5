package dev.llmguard.sdk;

import dev.llmguard.log.GuardLog;
import dev.llmguard.log.InternalErrors;

/**
 * Spring AI 1.x retries model calls with {@code RetryUtils.DEFAULT_RETRY_TEMPLATE}, the template
 * every model builder takes unless given another: 10 attempts, 2 s x 5 up to 3 minutes, on 5xx and
 * I/O errors. On top of the guard's loop that is up to 10 x max-attempts requests per call in an
 * outage. While the guard sees Spring AI's requests, that default template makes one attempt and
 * the guard makes every retry. Spring's {@code RestClient} picks its HTTP client from the class path
 * (Apache HttpClient 5, Jetty, Reactor Netty, the JDK's, then {@code HttpURLConnection}); with Jetty
 * or Reactor Netty there, which the guard does not see, Spring AI keeps its retries.
 */
public final class SpringAiHandover {
    private static final String RETRY_TEMPLATE = "org.springframework.retry.support.RetryTemplate";
    private static final String[] UNGUARDED_CLIENTS = {"org.eclipse.jetty.client.HttpClient", "reactor.netty.http.client.HttpClient"};

    private static volatile GuardLog log;
    private static volatile int guardMaxAttempts;

    private SpringAiHandover() {
    }

    public static void activate(GuardLog guardLog, int maxAttempts) {
        guardMaxAttempts = maxAttempts;
        log = guardLog;
    }

    /** Called by advice at the end of {@code RetryUtils}' static initializer: the default template Spring AI will use. */
    public static Object defaultTemplate(Class<?> retryUtils, Object configured) {
        GuardLog l = log;
        if (l == null || configured == null) {
            return configured;
        }
        try {
            ClassLoader loader = retryUtils.getClassLoader();
            String unguarded = ClassPath.firstPresent(loader, UNGUARDED_CLIENTS);
            if (unguarded != null) {
                l.info("spring-ai keeps its own retries (its default RetryTemplate): " + unguarded
                        + " is on the class path, and the guard may not see the requests it sends");
                return configured;
            }
            Class<?> template = Class.forName(RETRY_TEMPLATE, false, loader);
            Object builder = template.getMethod("builder").invoke(null);
            builder.getClass().getMethod("maxAttempts", int.class).invoke(builder, 1);
            Object single = builder.getClass().getMethod("build").invoke(builder);
            l.info("spring-ai retries handed over to llm-guard: its default RetryTemplate makes one attempt and each call"
                    + " gets at most " + guardMaxAttempts + " attempts (llmguard.retry.max-attempts)");
            return single;
        } catch (Throwable t) {
            InternalErrors.report("handing Spring AI's retries to the guard", t);
            return configured;
        }
    }
}
