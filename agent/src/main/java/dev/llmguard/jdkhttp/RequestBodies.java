package dev.llmguard.jdkhttp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
    private static final long READ_TIMEOUT_SECONDS = 30;

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
            return readAll(publisher, length);
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (IOException e) {
            return null; // unreadable here: the request still goes out, its cost estimated without the body
        }
    }

    private static byte[] readAll(HttpRequest.BodyPublisher publisher, long length) throws IOException {
        final CompletableFuture<byte[]> done = new CompletableFuture<byte[]>();
        final ByteArrayOutputStream out = new ByteArrayOutputStream((int) length);
        publisher.subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] b = new byte[item.remaining()];
                item.get(b);
                out.write(b, 0, b.length);
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(out.toByteArray());
            }
        });
        try {
            return done.get(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new InterruptedIOException("interrupted while reading the request body");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException ? (IOException) e.getCause() : new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the request body was not produced within " + READ_TIMEOUT_SECONDS + " s");
        }
    }
}
