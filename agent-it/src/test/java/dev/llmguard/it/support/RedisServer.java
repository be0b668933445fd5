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
    private Process process;

    private RedisServer(int port) {
        this.port = port;
    }

    public static RedisServer start() throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RedisServer server = new RedisServer(port);
        server.startProcess();
        return server;
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
        process = new ProcessBuilder(executable(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--protected-mode", "yes")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
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
            byte[] buf = new byte[7];
            int n = in.read(buf);
            return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
