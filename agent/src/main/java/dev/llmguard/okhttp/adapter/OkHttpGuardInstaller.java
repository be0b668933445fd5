package dev.llmguard.okhttp.adapter;

import dev.llmguard.okhttp.BuilderInstaller;
import dev.llmguard.okhttp.GuardMarker;
import java.util.Iterator;
import java.util.List;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/** Keeps exactly one guard interceptor, first in the builder's list. One per OkHttp class loader. */
public final class OkHttpGuardInstaller implements BuilderInstaller {
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
