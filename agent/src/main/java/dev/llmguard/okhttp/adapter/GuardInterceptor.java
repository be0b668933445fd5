package dev.llmguard.okhttp.adapter;

import dev.llmguard.core.guard.CallControl;
import dev.llmguard.core.guard.Decision;
import dev.llmguard.core.guard.GuardedRequest;
import dev.llmguard.core.guard.RequestGuard;
import dev.llmguard.core.guard.Waiter;
import dev.llmguard.core.scope.Scope;
import dev.llmguard.core.throttle.Admission;
import dev.llmguard.log.InternalErrors;
import dev.llmguard.okhttp.GuardMarker;
import dev.llmguard.okhttp.OkHttpBridge;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The guard inside OkHttp: the first application interceptor, so it sees each logical request
 * once and may send it again (application interceptors may call proceed more than once). Out of
 * scope requests pass straight through. Any failure of the guard itself lets the request through
 * unguarded.
 */
public final class GuardInterceptor implements Interceptor, GuardMarker {

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        RequestGuard guard = OkHttpBridge.guard();
        if (guard == null) {
            return chain.proceed(request);
        }
        GuardedRequest guarded;
        CallControl control;
        try {
            HttpUrl url = request.url();
            if (!guard.inScope(url.host(), url.encodedPath()) && !sentByLlmSdk(request)) {
                return chain.proceed(request);
            }
            guarded = guard.start(OkHttpMessages.request(request, guard.config().maxBodyCaptureBytes()));
            control = new OkHttpCallControl(chain.call());
        } catch (Throwable t) {
            InternalErrors.report("reading an OkHttp request", t);
            return chain.proceed(request);
        }
        while (true) {
            Admission admission = guarded.admit(control);
            if (admission.isRefused()) {
                return LocalRefusal.response(request, admission);
            }
            Response response;
            try {
                response = chain.proceed(request);
            } catch (IOException e) {
                if (!decideOnFailure(guarded, e, control).retry()) {
                    throw e;
                }
                continue;
            } catch (RuntimeException | Error e) {
                admission.release();
                throw e;
            }
            Decision decision = decideOnResponse(guarded, response, control);
            if (!decision.retry()) {
                return response;
            }
            response.close();
            Waiter.await(decision.waitMillis(), control);
        }
    }

    private static Decision decideOnResponse(GuardedRequest guarded, Response response, CallControl control) {
        try {
            return guarded.onResponse(OkHttpMessages.response(response, guarded.maxBodyCaptureBytes()), control);
        } catch (Throwable t) {
            InternalErrors.report("deciding on an OkHttp response", t);
            return Decision.RETURN;
        }
    }

    /** Waits before the retry here, so the caller only has to loop. */
    private static Decision decideOnFailure(GuardedRequest guarded, IOException failure, CallControl control) throws IOException {
        Decision decision;
        try {
            decision = guarded.onFailure(failure, control);
        } catch (Throwable t) {
            InternalErrors.report("deciding on an OkHttp failure", t);
            return Decision.RETURN;
        }
        if (decision.retry()) {
            Waiter.await(decision.waitMillis(), control);
        }
        return decision;
    }

    /** An official SDK's request: always guarded, since the SDK left its retries to the guard. */
    private static boolean sentByLlmSdk(Request request) {
        for (String name : Scope.SDK_REQUEST_HEADERS) {
            if (request.header(name) != null) {
                return true;
            }
        }
        return false;
    }
}
