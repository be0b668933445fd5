package dev.llmguard.it.apps;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A class-heavy start-up: loads (without initialising) every class of the given jars, as a large
 * application does before its first call, then makes one OkHttp call. Prints {@code LOADED <classes>
 * <nanos>} for the loading and {@code FIRST_RESPONSE} after the call. Arguments: url, the jars
 * (separated by the path separator).
 */
public final class ClassHeavyApp {
    public static void main(String[] args) throws Exception {
        List<URL> urls = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String path : args[1].split(File.pathSeparator)) {
            urls.add(new File(path).toURI().toURL());
            try (JarFile jar = new JarFile(path)) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    String name = e.nextElement().getName();
                    if (name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")
                            && !name.endsWith("package-info.class")) {
                        names.add(name.substring(0, name.length() - 6).replace('/', '.'));
                    }
                }
            }
        }
        URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), ClassHeavyApp.class.getClassLoader());
        int loaded = 0;
        long start = System.nanoTime();
        for (String name : names) {
            try {
                Class.forName(name, false, loader);
                loaded++;
            } catch (Throwable t) {
                // a class whose optional dependencies are absent: not counted
            }
        }
        System.out.println("LOADED " + loaded + " " + (System.nanoTime() - start));
        OkHttpClient client = new OkHttpClient();
        Request request = new Request.Builder().url(args[0]).header("Authorization", "Bearer sk-bench")
                .post(RequestBody.create(MediaType.parse("application/json"), "{\"model\":\"gpt-4o-mini\",\"messages\":[]}")).build();
        try (Response r = client.newCall(request).execute()) {
            r.body().string();
        }
        System.out.println("FIRST_RESPONSE");
        System.exit(0);
    }
}
