package dev.llmguard.status;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * {@code java -jar llm-guard.jar status <pid> [--watch] [--json]}: attaches to a JVM of the same
 * user that runs the agent, starts its local JMX connector (no port is opened) and prints the
 * guard's quota MBeans: a table, or JSON; {@code --watch} prints them again every second until
 * interrupted. The attach API is reached by reflection, so the agent needs no JDK tools at run time.
 */
public final class StatusCommand {
    public static final String VERSION_PROPERTY = "dev.llmguard.version";

    private StatusCommand() {
    }

    /** Returns the process exit code. */
    public static int run(String[] args) {
        String pid = null;
        boolean watch = false;
        boolean json = false;
        for (int i = 1; i < args.length; i++) {
            if ("--watch".equals(args[i])) {
                watch = true;
            } else if ("--json".equals(args[i])) {
                json = true;
            } else if (pid == null && args[i].matches("[0-9]+")) {
                pid = args[i];
            } else {
                pid = null;
                break;
            }
        }
        if (pid == null) {
            System.err.println("usage: java -jar llm-guard.jar status <pid> [--watch] [--json]");
            return 2;
        }
        if (new File("/proc").isDirectory() && !new File("/proc", pid).exists()) {
            System.err.println("llm-guard: no process with pid " + pid + " is running");
            return 1;
        }
        try {
            JMXConnector connector = connect(pid);
            if (connector == null) {
                return 1;
            }
            try {
                MBeanServerConnection connection = connector.getMBeanServerConnection();
                do {
                    List<QuotaRow> rows = read(connection);
                    if (watch) {
                        System.out.print("\033[H\033[2J"); // clear the terminal between refreshes
                    }
                    System.out.print(json ? StatusJson.render(pid, rows) + "\n"
                            : rows.isEmpty() ? "llm-guard in JVM " + pid + " has seen no LLM API call yet\n" : StatusTable.render(rows));
                    System.out.flush();
                    if (watch) {
                        Thread.sleep(1000);
                    }
                } while (watch);
            } finally {
                connector.close();
            }
            return 0;
        } catch (InterruptedException e) {
            return 0; // --watch ends with Ctrl-C
        } catch (ClassNotFoundException e) {
            System.err.println("llm-guard: this Java has no attach API (module jdk.attach); run the command with a JDK's java");
            return 1;
        } catch (Exception e) {
            System.err.println("llm-guard: could not read the guard of JVM " + pid + ": " + rootMessage(e));
            return 1;
        }
    }

    /** Attaches and opens the JVM's local JMX connector; null (with one sentence printed) when that JVM runs no guard. */
    private static JMXConnector connect(String pid) throws Exception {
        Class<?> vmClass = Class.forName("com.sun.tools.attach.VirtualMachine");
        Object vm;
        try {
            vm = vmClass.getMethod("attach", String.class).invoke(null, pid);
        } catch (InvocationTargetException e) {
            System.err.println("llm-guard: cannot attach to process " + pid + " (" + rootMessage(e)
                    + "): it is not a Java process, or it runs as another user (run the command as the JVM's user)");
            return null;
        }
        String url;
        try {
            Properties properties = (Properties) vmClass.getMethod("getSystemProperties").invoke(vm);
            if (properties.getProperty(VERSION_PROPERTY) == null) {
                System.err.println("llm-guard: JVM " + pid + " does not run llm-guard (start it with -javaagent:llm-guard.jar,"
                        + " or load it with: java -jar llm-guard.jar attach " + pid + ")");
                return null;
            }
            url = (String) vmClass.getMethod("startLocalManagementAgent").invoke(vm);
        } finally {
            Method detach = vmClass.getMethod("detach");
            detach.invoke(vm);
        }
        return JMXConnectorFactory.connect(new JMXServiceURL(url));
    }

    private static List<QuotaRow> read(MBeanServerConnection connection) throws Exception {
        Set<ObjectName> names = new TreeSet<ObjectName>(connection.queryNames(new ObjectName("dev.llmguard:type=Quota,*"), null));
        List<QuotaRow> rows = new ArrayList<QuotaRow>();
        for (ObjectName name : names) {
            rows.add(QuotaRow.read(connection, name));
        }
        return rows;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while ((c instanceof InvocationTargetException || c.getMessage() == null) && c.getCause() != null) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }
}
