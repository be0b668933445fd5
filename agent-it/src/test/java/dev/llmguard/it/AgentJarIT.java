package dev.llmguard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmguard.it.support.ChildJvm;
import dev.llmguard.it.support.Jdk;
import dev.llmguard.it.support.RunResult;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The built jar as a user gets it: contents, manifest, bytecode level, usage text. */
class AgentJarIT {

    @Test
    void everyClassSitsUnderTheAgentsOwnPackageRoot() throws IOException {
        List<String> outside = new ArrayList<>();
        int classes = 0;
        try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.endsWith(".class")) {
                    classes++;
                    if (!name.startsWith("dev/llmguard/")) {
                        outside.add(name);
                    }
                }
            }
        }
        assertThat(classes).isGreaterThan(100);
        assertThat(outside).as("classes outside dev/llmguard/ clash with the host's copies").isEmpty();
    }

    @Test
    void shipsRelocatedByteBuddyAndSlf4j() throws IOException {
        try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
            assertThat(jar.getEntry("dev/llmguard/shaded/bytebuddy/agent/builder/AgentBuilder.class")).isNotNull();
            assertThat(jar.getEntry("dev/llmguard/shaded/slf4j/simple/SimpleLogger.class")).isNotNull();
            assertThat(jar.getEntry("dev/llmguard/shaded/jackson/core/JsonParser.class")).isNotNull();
        }
    }

    @Test
    void manifestDeclaresTheAgent() throws IOException {
        try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertThat(main.getValue("Premain-Class")).isEqualTo("dev.llmguard.agent.LlmGuardAgent");
            assertThat(main.getValue("Agent-Class")).isEqualTo("dev.llmguard.agent.LlmGuardAgent");
            assertThat(main.getValue("Can-Retransform-Classes")).isEqualTo("true");
        }
    }

    @Test
    void agentClassesAreJava8Bytecode() throws IOException {
        try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile())) {
            int checked = 0;
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                if (entry.getName().endsWith(".class") && !entry.getName().startsWith("dev/llmguard/shaded/")) {
                    try (InputStream in = jar.getInputStream(entry); DataInputStream data = new DataInputStream(in)) {
                        assertThat(data.readInt()).isEqualTo(0xCAFEBABE);
                        data.readUnsignedShort();
                        assertThat(data.readUnsignedShort()).as(entry.getName() + " major version").isEqualTo(52);
                        checked++;
                    }
                }
            }
            assertThat(checked).isGreaterThan(10);
        }
    }

    @Test
    void javaDashJarPrintsUsageAndExitsZero() throws Exception {
        RunResult result = ChildJvm.on(Jdk.current()).withoutAgent()
                .jvmArg("-jar").jvmArg(ChildJvm.agentJar().toString()).main("").run();
        assertThat(result.exitCode).as(result.all()).isZero();
        assertThat(result.stdout).contains("-javaagent:").contains("llmguard.retry.max-attempts").contains("llmguard.enabled");
    }

    @Test
    void jarIsSmall() throws IOException {
        assertThat(Files.size(ChildJvm.agentJar())).as("jar size in bytes").isLessThan(5L * 1024 * 1024);
    }
}
