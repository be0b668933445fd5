package dev.llmguard.instrument;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Defines an adapter package (classes compiled against one HTTP client's API) next to the copy of
 * that client the application loaded, whatever class loader that is: the client's types resolve
 * through the application's loader, the agent's own types through the agent's loader. One per
 * client class loader and adapter package; it is collected with the client's loader.
 */
public final class AdapterClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final ClassLoader agentLoader;
    private final String adapterPackage;

    /** @param adapterPackage the package defined here, with a trailing dot, e.g. {@code dev.llmguard.okhttp.adapter.} */
    public AdapterClassLoader(ClassLoader clientLoader, ClassLoader agentLoader, String adapterPackage) {
        super(clientLoader);
        this.agentLoader = agentLoader;
        this.adapterPackage = adapterPackage;
    }

    /**
     * A new instance of {@code adapterPackage + simpleName}, defined next to {@code clientClass}
     * (the system class loader's when the client is a bootstrap class).
     */
    public static Object newAdapter(Class<?> clientClass, ClassLoader agentLoader, String adapterPackage, String simpleName)
            throws ReflectiveOperationException {
        ClassLoader clientLoader = clientClass.getClassLoader();
        if (clientLoader == null) {
            clientLoader = ClassLoader.getSystemClassLoader();
        }
        AdapterClassLoader loader = new AdapterClassLoader(clientLoader, agentLoader, adapterPackage);
        return Class.forName(adapterPackage + simpleName, true, loader).getConstructor().newInstance();
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                if (name.startsWith(adapterPackage)) {
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
