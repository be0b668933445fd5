package dev.llmguard.agent;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * {@code java -jar llm-guard.jar attach <pid> [key=value,...]}: loads this jar into a running JVM
 * with the JDK's attach API, passing the settings as agent arguments (which {@code jcmd
 * JVMTI.agent_load} cannot do: it splits them at '='). The API is reached by reflection, so the
 * agent itself needs no JDK tools at run time.
 */
final class Attacher {
    private Attacher() {
    }

    /** Returns the process exit code. */
    static int attach(String[] args) {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: java -jar llm-guard.jar attach <pid> [key=value,...]");
            return 2;
        }
        String pid = args[1];
        String options = args.length == 3 ? args[2] : null;
        try {
            String jar = new File(Attacher.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getAbsolutePath();
            Class<?> vmClass = Class.forName("com.sun.tools.attach.VirtualMachine");
            Object vm = vmClass.getMethod("attach", String.class).invoke(null, pid);
            try {
                vmClass.getMethod("loadAgent", String.class, String.class).invoke(vm, jar, options);
            } finally {
                Method detach = vmClass.getMethod("detach");
                detach.invoke(vm);
            }
            System.out.println("llm-guard: loaded into JVM " + pid + "; its own output says whether the guard is active");
            return 0;
        } catch (ClassNotFoundException e) {
            System.err.println("llm-guard: this Java has no attach API (module jdk.attach); run the command with a JDK's java"
                    + " (on Java 8, add the JDK's lib/tools.jar to the class path)");
            return 1;
        } catch (InvocationTargetException e) {
            System.err.println("llm-guard: could not load the agent into JVM " + pid + ": " + e.getCause());
            return 1;
        } catch (Exception e) {
            System.err.println("llm-guard: could not load the agent into JVM " + pid + ": " + e);
            return 1;
        }
    }
}
