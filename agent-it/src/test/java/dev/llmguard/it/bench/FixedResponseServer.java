package dev.llmguard.it.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The cheapest HTTP/1.1 server that keeps connections alive: reads a request (headers and a
 * Content-Length body) and answers the same small 200 every time. Loopback only. Its own cost is
 * tiny and the same with and without the agent, so differences are the client's.
 */
final class FixedResponseServer implements AutoCloseable {
    private static final byte[] RESPONSE;

    static {
        String body = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\",\"created\":1764806400,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":1,\"total_tokens\":13}}";
        // limits as OpenAI sends them, far above what a benchmark spends, so that every key gets a paced quota
        RESPONSE = ("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-ratelimit-limit-requests: 100000000\r\n"
                + "x-ratelimit-remaining-requests: 99999999\r\nx-ratelimit-reset-requests: 1ms\r\n"
                + "x-ratelimit-limit-tokens: 10000000000\r\nx-ratelimit-remaining-tokens: 9999999990\r\nx-ratelimit-reset-tokens: 1ms\r\n"
                + "content-length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
    }

    private final ServerSocket socket;

    FixedResponseServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "bench-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + socket.getLocalPort() + path;
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                s.setTcpNoDelay(true);
                Thread t = new Thread(() -> serve(s), "bench-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void serve(Socket s) {
        try (Socket closing = s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            StringBuilder line = new StringBuilder();
            long contentLength = 0;
            int c;
            while ((c = in.read()) != -1) {
                if (c != '\n') {
                    if (c != '\r') {
                        line.append((char) c);
                    }
                    continue;
                }
                if (line.length() > 0) {
                    String header = line.toString().toLowerCase(Locale.ROOT);
                    if (header.startsWith("content-length:")) {
                        contentLength = Long.parseLong(header.substring(15).trim());
                    }
                    line.setLength(0);
                    continue;
                }
                for (long skipped = 0; skipped < contentLength; ) {
                    long n = in.skip(contentLength - skipped);
                    if (n <= 0) {
                        if (in.read() == -1) {
                            return;
                        }
                        n = 1;
                    }
                    skipped += n;
                }
                contentLength = 0;
                out.write(RESPONSE);
                out.flush();
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
