package dev.llmguard.it.apps;

import java.io.File;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * OkHttp in class loaders other than the system one. Arguments: mode url apiKey prompt [name=jar:jar...]...
 * <ul>
 *   <li>{@code isolated}: a call through the system class loader's OkHttp, then one through each named
 *       set of jars in its own child-first loader (as an application server or plugin system does);
 *   <li>{@code no-delegation}: the first set in a loader whose parent is the bootstrap loader, so it
 *       cannot see the agent on the system class path;
 *   <li>{@code dropped}: three child-first loaders with the first set, each used for a guarded call and
 *       dropped; reports how many the garbage collector reclaimed.
 * </ul>
 */
public final class ClassLoadersApp {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String url = args[1];
        String apiKey = args[2];
        String prompt = args[3];
        List<String> names = new ArrayList<>();
        List<URL[]> jarSets = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            names.add(args[i].substring(0, eq));
            jarSets.add(urls(args[i].substring(eq + 1)));
        }
        switch (mode) {
            case "isolated":
                System.out.println("LOADER system " + LoaderCall.call(url, apiKey, prompt));
                for (int i = 0; i < names.size(); i++) {
                    try (URLClassLoader loader = new ChildFirstLoader(jarSets.get(i), ClassLoadersApp.class.getClassLoader())) {
                        System.out.println("LOADER " + names.get(i) + " " + callIn(loader, "call", url, apiKey, prompt));
                    }
                }
                break;
            case "no-delegation":
                try (URLClassLoader loader = new URLClassLoader(jarSets.get(0), null)) {
                    System.out.println("LOADER " + names.get(0) + " " + callIn(loader, "call", url, apiKey, prompt));
                }
                break;
            case "dropped":
                List<WeakReference<ClassLoader>> dropped = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    dropped.add(useAndDrop(jarSets.get(0), url, apiKey, prompt));
                }
                int gcs = 0;
                while (gcs < 100 && countAlive(dropped) > 0) {
                    System.gc();
                    Thread.sleep(50);
                    gcs++;
                }
                System.out.println("COLLECTED " + (dropped.size() - countAlive(dropped)) + " of " + dropped.size() + " after " + gcs + " gc");
                break;
            default:
                throw new IllegalArgumentException(mode);
        }
        System.exit(0);
    }

    private static WeakReference<ClassLoader> useAndDrop(URL[] jars, String url, String apiKey, String prompt) throws Exception {
        URLClassLoader loader = new ChildFirstLoader(jars, ClassLoadersApp.class.getClassLoader());
        System.out.println("LOADER dropped " + callIn(loader, "callWithoutNetwork", url, apiKey, prompt));
        loader.close();
        return new WeakReference<>(loader);
    }

    private static int countAlive(List<WeakReference<ClassLoader>> refs) {
        int n = 0;
        for (WeakReference<ClassLoader> r : refs) {
            if (r.get() != null) {
                n++;
            }
        }
        return n;
    }

    private static String callIn(ClassLoader loader, String method, String url, String apiKey, String prompt) throws Exception {
        Class<?> call = Class.forName(LoaderCall.class.getName(), true, loader);
        if (call.getClassLoader() != loader) {
            throw new IllegalStateException("LoaderCall was not loaded child-first");
        }
        return (String) call.getMethod(method, String.class, String.class, String.class).invoke(null, url, apiKey, prompt);
    }

    private static URL[] urls(String pathList) throws Exception {
        List<URL> out = new ArrayList<>();
        for (String p : pathList.split(File.pathSeparator)) {
            out.add(new File(p).toURI().toURL());
        }
        return out.toArray(new URL[0]);
    }

    /** Looks in its own jars first and asks the parent only for what they lack (the JDK's classes always come from the parent). */
    static final class ChildFirstLoader extends URLClassLoader {
        static {
            registerAsParallelCapable();
        }

        ChildFirstLoader(URL[] urls, ClassLoader parent) {
            super(urls, parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null && !name.startsWith("java.") && !name.startsWith("javax.") && !name.startsWith("jdk.") && !name.startsWith("sun.")) {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException notHere) {
                        c = null;
                    }
                }
                if (c == null) {
                    c = super.loadClass(name, false);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
