package dev.llmguard.okhttp.adapter;

import dev.llmguard.core.loop.AsyncRetryLoop;
import dev.llmguard.okhttp.GuardMarker;
import dev.llmguard.okhttp.OkHttpAdapter;
import dev.llmguard.okhttp.OkHttpBridge;
import dev.llmguard.okhttp.SendCounterMarker;
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
 * interceptor first and one send counter last ({@link NetworkSends}) in every client, and runs
 * {@code enqueue} calls on the core's asynchronous loop.
 */
public final class OkHttpGuard implements OkHttpAdapter {
    private final GuardInterceptor interceptor = new GuardInterceptor();
    private final NetworkSends sendCounter = new NetworkSends();

    @Override
    public void ensureGuardFirst(Object builder) {
        ensureCounterLast(((OkHttpClient.Builder) builder).networkInterceptors());
        List<Interceptor> interceptors = ((OkHttpClient.Builder) builder).interceptors();
        if (!interceptors.isEmpty() && interceptors.get(0) == interceptor && count(interceptors, GuardMarker.class) == 1) {
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
    public List<?> withCounterLast(List<?> networkInterceptors) {
        List<Interceptor> out = new ArrayList<Interceptor>(networkInterceptors.size() + 1);
        for (Object i : networkInterceptors) {
            if (!(i instanceof SendCounterMarker)) {
                out.add((Interceptor) i);
            }
        }
        out.add(sendCounter);
        return Collections.unmodifiableList(out);
    }

    /** The counter last, once: closest to the network, so it sees what is really sent. */
    private void ensureCounterLast(List<Interceptor> network) {
        if (!network.isEmpty() && network.get(network.size() - 1) == sendCounter && count(network, SendCounterMarker.class) == 1) {
            return;
        }
        for (Iterator<Interceptor> it = network.iterator(); it.hasNext(); ) {
            if (it.next() instanceof SendCounterMarker) {
                it.remove();
            }
        }
        network.add(sendCounter);
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

    private static int count(List<Interceptor> interceptors, Class<?> marker) {
        int n = 0;
        for (Interceptor i : interceptors) {
            if (marker.isInstance(i)) {
                n++;
            }
        }
        return n;
    }
}
