package dev.llmguard.apache.hc5.async;

import dev.llmguard.apache.RequestBodyCopy;
import dev.llmguard.apache.hc5.Hc5Messages;
import dev.llmguard.core.http.RequestInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The application's request producer, read once for its request head and entity: what the scope
 * decision and the guard's view are made from, and what every attempt sends. Only core's
 * {@link BasicRequestProducer} is read (what {@code SimpleRequestProducer} and
 * {@code AsyncRequestBuilder} build): it hands its head to the channel at once and does nothing
 * else, so reading it changes nothing for the call.
 */
final class ProducedRequest {
    /** Rounds of {@code produce} that may pass without a byte before a body is taken as not ready to copy. */
    private static final int IDLE_ROUNDS = 2;

    final BasicRequestProducer producer;
    final HttpRequest head;
    /** The producer's entity (its {@code AsyncEntityProducer}), or null for a request without a body. */
    final EntityDetails entity;

    private ProducedRequest(BasicRequestProducer producer, HttpRequest head, EntityDetails entity) {
        this.producer = producer;
        this.head = head;
        this.entity = entity;
    }

    /** @return the request, or null when the producer sent no head (the call then goes through unguarded) */
    static ProducedRequest read(BasicRequestProducer producer, HttpContext context) throws HttpException, IOException {
        final Object[] sent = new Object[2];
        producer.sendRequest((request, entityDetails, c) -> {
            sent[0] = request;
            sent[1] = entityDetails;
        }, context);
        return sent[0] == null ? null : new ProducedRequest(producer, (HttpRequest) sent[0], (EntityDetails) sent[1]);
    }

    /**
     * Method, URL, headers and, for a repeatable producer, a bounded copy of the body for the
     * token estimate; a producer that cannot produce its body again is one-shot, never read here.
     */
    RequestInfo info(HttpHost target, int maxBodyCaptureBytes) {
        RequestInfo.Builder b = Hc5Messages.requestHead(target, head);
        if (entity == null) {
            return b.bodyLength(0).build();
        }
        boolean replayable = producer.isRepeatable();
        long length = entity.getContentLength();
        b.bodyReplayable(replayable).bodyLength(length);
        if (replayable) {
            b.body(RequestBodyCopy.of(length, maxBodyCaptureBytes, this::copyBody));
        }
        return b.build();
    }

    /**
     * The producer's bytes into {@code out}, then {@code releaseResources()}: what Apache's own retry
     * step calls before it sends a repeatable producer again, so the first attempt starts from the
     * first byte as well.
     */
    private void copyBody(OutputStream out) throws IOException {
        CopyChannel channel = new CopyChannel(out);
        try {
            int idle = 0;
            while (!channel.ended) {
                long before = channel.written;
                producer.produce(channel);
                idle = channel.written == before ? idle + 1 : 0;
                if (idle > IDLE_ROUNDS && !channel.ended) {
                    throw new IOException("the request body is not ready to be copied");
                }
            }
        } finally {
            producer.releaseResources();
        }
    }

    /** Takes everything a producer writes. */
    private static final class CopyChannel implements DataStreamChannel {
        private final OutputStream out;
        long written;
        boolean ended;

        CopyChannel(OutputStream out) {
            this.out = out;
        }

        @Override
        public void requestOutput() {
            // always ready
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = src.remaining();
            byte[] bytes = new byte[n];
            src.get(bytes);
            out.write(bytes);
            written += n;
            return n;
        }

        @Override
        public void endStream(List<? extends Header> trailers) {
            ended = true;
        }

        @Override
        public void endStream() {
            ended = true;
        }
    }
}
