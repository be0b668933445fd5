package dev.llmguard.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;

/**
 * Writes a Spring Boot executable jar the way the Boot Maven plugin lays it out: the launcher's
 * classes at the root, the application's classes under {@code BOOT-INF/classes/} and every library
 * as a nested, uncompressed jar under {@code BOOT-INF/lib/}.
 */
public final class SpringBootJar {
    private SpringBootJar() {
    }

    /** The start class and its nested classes come from the test classes; the libraries from a folder under target/libs. */
    public static Path write(Path jar, Class<?> startClass, String libsFolder) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, "org.springframework.boot.loader.launch.JarLauncher");
        main.putValue("Start-Class", startClass.getName());
        main.putValue("Spring-Boot-Classes", "BOOT-INF/classes/");
        main.putValue("Spring-Boot-Lib", "BOOT-INF/lib/");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (String loaderJar : libs("spring-boot-loader")) {
                copyLoaderClasses(Paths.get(loaderJar), out);
            }
            Path classes = Paths.get(ChildJvm.testClasses());
            String packageDir = startClass.getPackageName().replace('.', '/');
            // Boot resolves BOOT-INF/classes/ and BOOT-INF/lib/ as directories: they need their entries
            String dir = "BOOT-INF/";
            out.putNextEntry(new JarEntry(dir));
            out.closeEntry();
            out.putNextEntry(new JarEntry("BOOT-INF/lib/"));
            out.closeEntry();
            for (String part : ("classes/" + packageDir).split("/")) {
                dir += part + "/";
                out.putNextEntry(new JarEntry(dir));
                out.closeEntry();
            }
            try (Stream<Path> files = Files.list(classes.resolve(packageDir))) {
                for (Path p : files.filter(f -> f.getFileName().toString().startsWith(startClass.getSimpleName())).collect(Collectors.toList())) {
                    out.putNextEntry(new JarEntry("BOOT-INF/classes/" + packageDir + "/" + p.getFileName()));
                    Files.copy(p, out);
                    out.closeEntry();
                }
            }
            for (String lib : libs(libsFolder)) {
                byte[] bytes = Files.readAllBytes(Paths.get(lib));
                JarEntry entry = new JarEntry("BOOT-INF/lib/" + Paths.get(lib).getFileName());
                entry.setMethod(ZipEntry.STORED); // Boot reads nested jars in place: they must not be compressed
                entry.setSize(bytes.length);
                CRC32 crc = new CRC32();
                crc.update(bytes);
                entry.setCrc(crc.getValue());
                out.putNextEntry(entry);
                out.write(bytes);
                out.closeEntry();
            }
        }
        return jar;
    }

    private static void copyLoaderClasses(Path loaderJar, JarOutputStream out) throws IOException {
        try (JarFile in = new JarFile(loaderJar.toFile())) {
            for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (entry.getName().startsWith("META-INF/") || entry.isDirectory()) {
                    continue;
                }
                out.putNextEntry(new JarEntry(entry.getName()));
                try (InputStream data = in.getInputStream(entry)) {
                    data.transferTo((OutputStream) out);
                }
                out.closeEntry();
            }
        }
    }

    private static List<String> libs(String folder) throws IOException {
        Path dir = Paths.get(System.getProperty("llmguard.it.libs", "target/libs"), folder);
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jar")).map(Path::toString).sorted().collect(Collectors.toCollection(ArrayList::new));
        }
    }
}
