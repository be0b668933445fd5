package dev.llmguard.jdkhttp;

import java.net.http.HttpRequest;

/**
 * Which request bodies the guard may send again, and their bytes. The JDK subscribes to a request's
 * publisher once per send (its own redirects and retries do the same), so a publisher over bytes,
 * strings, byte arrays or a file delivers the same body every time. One over an InputStream, or a
 * publisher the JDK does not define, may not, and such a request is one-shot. A publisher the
 * application adapted ({@code BodyPublishers.fromPublisher}, as Spring's
 * {@code JdkClientHttpRequestFactory} does) is read once by {@link HeldOrResumed}: held when it
 * ends within the capture bound, else sent once as it comes.
 */
final class RequestBodies {
    /** Simple names of the JDK's publishers ({@code jdk.internal.net.http.RequestPublishers$...}) that replay their bytes. */
    private static final String[] REPLAYABLE = {"ByteArrayPublisher", "StringPublisher", "IterablePublisher",
        "FilePublisher", "EmptyPublisher"};
    private static final String JDK_PUBLISHERS = "jdk.internal.net.http.RequestPublishers$";
    /** How long a body may take to be read before the guard goes on without it (held) or sends it as it comes (adapted). */
    static final long READ_WAIT_MILLIS = 5_000;

    private RequestBodies() {
    }

    /**
     * A publisher the application adapted ({@code fromPublisher}), of unknown length or at most
     * {@code max} bytes: read once by {@link HeldOrResumed}. A longer declared length is left alone.
     */
    static boolean adapted(HttpRequest.BodyPublisher publisher, int max) {
        long length = publisher.contentLength();
        return publisher.getClass().getName().equals(JDK_PUBLISHERS + "PublisherAdapter") && length <= max;
    }

    static boolean replayable(HttpRequest.BodyPublisher publisher) {
        String name = publisher.getClass().getName();
        if (!name.startsWith(JDK_PUBLISHERS)) {
            return false;
        }
        String simple = name.substring(JDK_PUBLISHERS.length());
        for (String r : REPLAYABLE) {
            if (simple.equals(r)) {
                return true;
            }
        }
        return false;
    }

    /** The body's bytes when it has at most {@code max} of them; null when longer, of unknown length, or unreadable. */
    static byte[] read(HttpRequest.BodyPublisher publisher, int max) {
        long length = publisher.contentLength();
        if (length < 0 || length > max) {
            return null;
        }
        try {
            return HeldOrResumed.read(publisher, max, READ_WAIT_MILLIS).held(); // null when it failed: the cost is estimated without it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
