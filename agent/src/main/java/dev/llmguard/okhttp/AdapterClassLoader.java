package dev.llmguard.okhttp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Defines the adapter classes (compiled against OkHttp) next to the OkHttp that the application
 * loaded, whatever class loader that is: OkHttp types resolve through the application's loader,
 * the agent's own types through the agent's loader. One per OkHttp class loader; it is collected
 * with it.
 */
final class AdapterClassLoader extends ClassLoader {
    static final String ADAPTER_PACKAGE = "dev.llmguard.okhttp.adapter.";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader agentLoader;

    AdapterClassLoader(ClassLoader okHttpLoader, ClassLoader agentLoader) {
        super(okHttpLoader);
        this.agentLoader = agentLoader;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                if (name.startsWith(ADAPTER_PACKAGE)) {
                    c = defineFromAgent(name);
                } else if (name.startsWith("dev.llmguard.")) {
                    c = Class.forName(name, false, agentLoader);
                } else {
                    c = super.loadClass(name, false);
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private Class<?> defineFromAgent(String name) throws ClassNotFoundException {
        String resource = name.replace('.', '/') + ".class";
        InputStream in = agentLoader == null ? ClassLoader.getSystemResourceAsStream(resource) : agentLoader.getResourceAsStream(resource);
        if (in == null) {
            throw new ClassNotFoundException(name);
        }
        try {
            byte[] bytes = readAll(in);
            return defineClass(name, bytes, 0, bytes.length, AdapterClassLoader.class.getProtectionDomain());
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        } finally {
            try {
                in.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) != -1) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
