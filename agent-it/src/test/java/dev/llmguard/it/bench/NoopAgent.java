package dev.llmguard.it.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The least a Java agent that transforms classes can be: it registers one retransform-capable
 * transformer, as llm-guard does, that changes nothing. A JVM started with it shows what the JVM's
 * own class-file hook costs (every class loaded afterwards is handed to Java, as a copy of its
 * bytes), a floor no agent built on {@code ClassFileTransformer} goes below.
 */
public final class NoopAgent {
    private NoopAgent() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        instrumentation.addTransformer(new ClassFileTransformer() {
            @Override
            public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
                return null;
            }
        }, true);
    }

    /** Writes the agent's jar (this class and its transformer) to {@code jar}. */
    static Path writeJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", NoopAgent.class.getName());
        manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (String name : new String[] {NoopAgent.class.getName(), NoopAgent.class.getName() + "$1"}) {
                String entry = name.replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(entry));
                out.write(classBytes(entry));
                out.closeEntry();
            }
        }
        return jar.toAbsolutePath();
    }

    private static byte[] classBytes(String entry) throws IOException {
        try (InputStream in = NoopAgent.class.getClassLoader().getResourceAsStream(entry)) {
            if (in == null) {
                throw new IOException("no class file " + entry);
            }
            return in.readAllBytes();
        }
    }
}
