package dev.llmguard.agent;

import java.lang.instrument.Instrumentation;

/**
 * Entry points: {@code -javaagent:llm-guard.jar[=key=value,...]} (premain), dynamic attach
 * (agentmain), {@code java -jar llm-guard.jar attach <pid> [key=value,...]} and
 * {@code java -jar llm-guard.jar} (usage text). Nothing here may stop the host
 * application from starting: every failure is reported on stderr and the application runs on
 * unguarded.
 */
public final class LlmGuardAgent {
    private static boolean started;

    private LlmGuardAgent() {
    }

    public static void premain(String agentArgs, Instrumentation instrumentation) {
        start(agentArgs, instrumentation, false);
    }

    public static void agentmain(String agentArgs, Instrumentation instrumentation) {
        start(agentArgs, instrumentation, true);
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("attach")) {
            System.exit(Attacher.attach(args));
        }
        if (args.length > 0 && args[0].equals("status")) {
            System.exit(dev.llmguard.status.StatusCommand.run(args));
        }
        System.out.println(AgentStarter.usage());
    }

    private static synchronized void start(String agentArgs, Instrumentation instrumentation, boolean attached) {
        if (started) {
            return; // -javaagent given twice, or attached again: one guard per JVM
        }
        started = true;
        try {
            AgentStarter.start(agentArgs, instrumentation, attached);
        } catch (Throwable t) {
            System.err.println("llm-guard: failed to start; the application runs without it: " + t);
        }
    }
}
