package dev.llmguard.okhttp.adapter;

import dev.llmguard.okhttp.GuardInstaller;
import dev.llmguard.okhttp.GuardMarker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/** Keeps exactly one guard interceptor, first in a builder's or a client's list. One per OkHttp class loader. */
public final class OkHttpGuardInstaller implements GuardInstaller {
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
