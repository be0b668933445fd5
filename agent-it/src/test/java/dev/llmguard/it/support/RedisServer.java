package dev.llmguard.it.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server (the Debian package) on loopback, started and stopped by a test. No mock:
 * the tests are about what happens when the real thing comes and goes.
 */
public final class RedisServer implements AutoCloseable {
    private final int port;
    private final String[] extraArgs;
    private Process process;

    private RedisServer(int port, String... extraArgs) {
        this.port = port;
        this.extraArgs = extraArgs;
    }

    public static RedisServer start() throws IOException, InterruptedException {
        return start(new String[0]);
    }

    /** @param extraArgs more redis-server options, e.g. {@code --user alice on >secret ~* +@all} */
    public static RedisServer start(String... extraArgs) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RedisServer server = new RedisServer(port, extraArgs);
        server.startProcess();
        return server;
    }

    /** Runs redis-cli against this server and returns what it printed. */
    public String cli(String... args) throws IOException, InterruptedException {
        java.util.List<String> cmd = new java.util.ArrayList<>();
        cmd.add(new File(new File(executable()).getParentFile(), "redis-cli").getPath());
        cmd.add("-p");
        cmd.add(Integer.toString(port));
        cmd.addAll(java.util.Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor(10, TimeUnit.SECONDS);
        return new String(out, StandardCharsets.UTF_8);
    }

    public static String executable() {
        for (String dir : new String[] {"/usr/bin", "/usr/local/bin", "/usr/sbin"}) {
            File f = new File(dir, "redis-server");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        throw new IllegalStateException("redis-server not found: install the redis-server package (.ci/run does)");
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public void startProcess() throws IOException, InterruptedException {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.Arrays.asList(executable(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes"));
        cmd.addAll(java.util.Arrays.asList(extraArgs));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (ping()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("redis-server did not answer on port " + port);
    }

    /** Stops the server abruptly, as a crash or a network cut would. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    public boolean ping() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(500);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64];
            int n = in.read(buf);
            // a server that wants a password answers -NOAUTH: it is up all the same
            String answer = n > 0 ? new String(buf, 0, n, StandardCharsets.US_ASCII) : "";
            return answer.startsWith("+PONG") || answer.startsWith("-NOAUTH");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
