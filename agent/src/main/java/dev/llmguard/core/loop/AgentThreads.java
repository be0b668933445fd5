package dev.llmguard.core.loop;

import java.security.AccessController;
import java.security.PrivilegedAction;
import java.util.concurrent.ThreadFactory;

/**
 * Daemon threads for the agent's own work that hold on to nothing of whoever happened to cause
 * their creation. A thread inherits its creator's context class loader and, before JDK 24, its
 * access-control context (the protection domains on the creator's stack): created on an
 * application thread, the agent's long-lived timer would pin that application's class loader for
 * the life of the JVM, and a web app that was undeployed could never be collected.
 */
public final class AgentThreads {
    private AgentThreads() {
    }

    /** A factory of daemon threads named {@code name}, with no context class loader. */
    public static ThreadFactory named(final String name) {
        return new ThreadFactory() {
            @Override
            public Thread newThread(final Runnable task) {
                // doPrivileged: the new thread's inherited access-control context is then the agent's alone
                return AccessController.doPrivileged(new PrivilegedAction<Thread>() {
                    @Override
                    public Thread run() {
                        Thread t = new Thread(task, name);
                        t.setDaemon(true);
                        t.setContextClassLoader(null);
                        return t;
                    }
                });
            }
        };
    }
}
