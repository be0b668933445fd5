package dev.llmguard.urlconnection;

import dev.llmguard.instrument.AdvisedType;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.instrument.TypeInstrumentation;
import dev.llmguard.log.GuardLog;
import java.lang.instrument.Instrumentation;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Guards the JDK's {@code HttpURLConnection} and {@code HttpsURLConnection} (legacy services,
 * Spring's {@code SimpleClientHttpRequestFactory}): advice on the methods of
 * {@code sun.net.www.protocol.http.HttpURLConnection} that send a request or read its response,
 * and on the TLS getters of its HTTPS delegate. Loaded by name, on JDK 9 and later (the hook
 * needs the module API).
 */
public final class UrlConnectionInstrumentation implements TypeInstrumentation {
    private static final String HTTPS_DELEGATE = "sun.net.www.protocol.https.AbstractDelegateHttpsURLConnection";

    private volatile UrlConnectionGuard guard;
    /** What the hook holds: the guard of the moment, or nothing to do once it is switched off. */
    private final Function<Object[], Object> entry = call -> {
        UrlConnectionGuard g = guard;
        return g == null ? null : g.apply(call);
    };

    @Override
    public List<String> typeNames() {
        return Arrays.asList(ConnectionFields.HTTP_CONNECTION, HTTPS_DELEGATE);
    }

    @Override
    public boolean reachesAgentThroughHook() {
        return true;
    }

    @Override
    public void activate(RequestGuard requestGuard, GuardLog log) {
        guard = requestGuard == null ? null : new UrlConnectionGuard(requestGuard);
    }

    @Override
    public void apply(AdvisedType type, Instrumentation instrumentation) {
        if (!hooked(instrumentation)) {
            return;
        }
        if (type.name().equals(ConnectionFields.HTTP_CONNECTION)) {
            type.advise(isPublic().and(namedOneOf("getInputStream", "getOutputStream", "getErrorStream", "getHeaderFields").and(takesArguments(0))
                            .or(namedOneOf("getHeaderField", "getHeaderFieldKey").and(takesArguments(1)))), ResultAdvice.class)
                    .advise(isPublic().and(namedOneOf("connect", "disconnect")).and(takesArguments(0)), VoidAdvice.class);
        } else {
            type.advise(namedOneOf(TlsFacts.METHODS).and(takesArguments(0)), ResultAdvice.class);
        }
    }

    private boolean hooked(Instrumentation instrumentation) {
        return guard != null && UrlConnectionHook.install(instrumentation, entry);
    }
}
