package dev.llmguard.okhttp.adapter;

import dev.llmguard.core.loop.AsyncRetryLoop;
import dev.llmguard.okhttp.GuardMarker;
import dev.llmguard.okhttp.OkHttpAdapter;
import dev.llmguard.okhttp.OkHttpBridge;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * The guard inside one copy of OkHttp (one per OkHttp class loader): keeps exactly one guard
 * interceptor first in every client, and runs {@code enqueue} calls on the core's asynchronous loop.
 */
public final class OkHttpGuard implements OkHttpAdapter {
    private final GuardInterceptor interceptor = new GuardInterceptor();

    @Override
    public void ensureGuardFirst(Object builder) {
        List<Interceptor> interceptors = ((OkHttpClient.Builder) builder).interceptors();
        if (!interceptors.isEmpty() && interceptors.get(0) == interceptor && countGuards(interceptors) == 1) {
            return;
        }
        for (Iterator<Interceptor> it = interceptors.iterator(); it.hasNext(); ) {
            if (it.next() instanceof GuardMarker) {
                it.remove();
            }
        }
        interceptors.add(0, interceptor);
    }

    @Override
    public List<?> withGuardFirst(List<?> interceptors) {
        List<Interceptor> out = new ArrayList<Interceptor>(interceptors.size() + 1);
        out.add(interceptor);
        for (Object i : interceptors) {
            if (!(i instanceof GuardMarker)) {
                out.add((Interceptor) i);
            }
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public boolean enqueue(Object call, Object callback) {
        AsyncRetryLoop loop = OkHttpBridge.asyncLoop();
        if (loop == null || AsyncCalls.isAttempt((Call) call)) {
            return false; // an attempt of a guarded call: OkHttp sends it
        }
        return AsyncCalls.start(loop, (Call) call, (Callback) callback);
    }

    @Override
    public void canceled(Object call) {
        AsyncCalls.canceled((Call) call);
    }

    private static int countGuards(List<Interceptor> interceptors) {
        int n = 0;
        for (Interceptor i : interceptors) {
            if (i instanceof GuardMarker) {
                n++;
            }
        }
        return n;
    }
}
