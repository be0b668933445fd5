package dev.llmguard.apache.hc5.async;

import dev.llmguard.core.body.HeldBody;
import dev.llmguard.core.body.UsageTap;
import dev.llmguard.apache.hc5.Hc5Messages;
import dev.llmguard.core.exchange.AsyncExchange;
import dev.llmguard.core.exchange.LocalResponse;
import dev.llmguard.core.http.Headers;
import dev.llmguard.core.http.ResponseInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.impl.BasicEntityDetails;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * One attempt's response, as the guard's own consumer receives it, and the response type of the
 * core's loop. A response the guard never retries (status below 400) is the application's at
 * once, streams included: nothing of it is buffered or delayed. An error response is held (up to
 * the capture bound) while the loop decides: a retried one is drained and dropped, so its
 * connection goes back to the pool; the final one is replayed into the application's consumer,
 * head and body byte for byte, then the rest of its stream, if any, follows as it comes.
 *
 * <p>The client calls the consumer's methods on its I/O thread, the loop may decide on its
 * timer: the state is guarded by this object's lock.
 */
final class AttemptResponse implements AsyncResponseConsumer<Void> {
    /** For a replayed body that is all there: nothing more to ask of the server. */
    private static final CapacityChannel NO_MORE = increment -> { };

    private enum Mode { HOLDING, PASSING, DISCARDING }

    private final GuardedCall<?> call;
    private final int maxHeldBytes;
    private final AsyncExchange.AttemptCallback<AttemptResponse> loop;
    private Mode mode = Mode.HOLDING;
    private HttpResponse head;
    private EntityDetails entity;
    private FutureCallback<Void> attemptResult;
    /** The held body; for a plain JSON success passed on, a copy of it for its token usage. */
    private ByteArrayOutputStream held = new ByteArrayOutputStream();
    private boolean copyingJson;
    /** A streamed success's bytes pass through it on their way to the application, for the usage its events report; else null. */
    private UsageTap tap;
    private boolean ended;
    private List<? extends Header> trailers;
    private CapacityChannel capacity;
    private Exception failure;
    /** The loop heard of this attempt, its response or its failure: it hears once. */
    private boolean told;

    AttemptResponse(GuardedCall<?> call, int maxHeldBytes, AsyncExchange.AttemptCallback<AttemptResponse> loop) {
        this.call = call;
        this.maxHeldBytes = maxHeldBytes;
        this.loop = loop;
    }

    /** The guard's own answer (a local refusal), replayed into the application's consumer like a held response. */
    static AttemptResponse local(GuardedCall<?> call, LocalResponse local) {
        AttemptResponse r = new AttemptResponse(call, 0, null);
        BasicHttpResponse head = new BasicHttpResponse(local.status(), local.reason());
        Headers headers = local.headers();
        for (int i = 0; i < headers.size(); i++) {
            head.addHeader(headers.name(i), headers.value(i));
        }
        byte[] body = local.body();
        r.head = head;
        r.entity = new BasicEntityDetails(body.length, Hc5Messages.contentType(local.contentType()));
        r.held.write(body, 0, body.length);
        r.ended = true;
        r.told = true;
        return r;
    }

    /** What the outcome of the attempt's Future means for the loop and the application. */
    FutureCallback<Void> outcome() {
        return new FutureCallback<Void>() {
            @Override
            public void completed(Void result) {
                // the response reached the loop as it came
            }

            @Override
            public void failed(Exception ex) {
                attemptFailed(ex);
            }

            @Override
            public void cancelled() {
                attemptFailed(new IOException("Canceled"));
            }
        };
    }

    @Override
    public synchronized void consumeResponse(HttpResponse response, EntityDetails entityDetails, HttpContext context,
                                             FutureCallback<Void> resultCallback) {
        head = response;
        entity = entityDetails;
        attemptResult = resultCallback;
        if (entityDetails == null) {
            ended = true;
            attemptResult.completed(null);
            tell();
        } else if (response.getCode() < 400 && Hc5Messages.isPlainJson(entityDetails, maxHeldBytes)) {
            // the application reads it as it comes; the loop hears at its end, with a copy for the token usage
            copyingJson = true;
            handOver();
        } else if (response.getCode() < 400) {
            // JSON of known length is copied for its usage above; chunked JSON is read as it passes, never held
            tap = UsageTap.forSuccess(response.getCode(), entityDetails.getContentType(), entityDetails.getContentLength() >= 0,
                    maxHeldBytes);
            tell(); // never retried (every 1xx-3xx is a success): the loop's verdict hands it over at once
        }
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) throws HttpException, IOException {
        call.consumer.informationResponse(response, call.context);
    }

    @Override
    public synchronized void updateCapacity(CapacityChannel channel) throws IOException {
        stopPassingOnceOver();
        capacity = channel;
        if (mode == Mode.PASSING) {
            call.consumer.updateCapacity(channel);
        } else {
            channel.update(Integer.MAX_VALUE); // held (bounded) or dropped: as fast as the server sends
        }
    }

    @Override
    public synchronized void consume(ByteBuffer src) throws IOException {
        stopPassingOnceOver();
        if (tap != null && mode != Mode.DISCARDING) {
            tap.bytes(src); // held bytes too: they are replayed to the application, not seen again
        }
        if (mode == Mode.PASSING) {
            if (copyingJson && held != null && held.size() + src.remaining() <= maxHeldBytes) {
                copy(src.duplicate(), held);
            }
            call.consumer.consume(src);
        } else if (mode == Mode.HOLDING) {
            copy(src, held);
            if (!told && held.size() > maxHeldBytes) {
                tell(); // past the bound: the guard decides on what it holds; the rest follows the decision
            }
        } else {
            src.position(src.limit());
        }
    }

    @Override
    public synchronized void streamEnd(List<? extends Header> streamTrailers) throws HttpException, IOException {
        stopPassingOnceOver();
        ended = true;
        trailers = streamTrailers;
        if (tap != null) {
            tap.end();
        }
        if (mode == Mode.PASSING) {
            call.consumer.streamEnd(streamTrailers);
        }
        attemptResult.completed(null);
        if (!told) {
            tell();
        }
    }

    @Override
    public synchronized void failed(Exception cause) {
        failure = cause;
        if (tap != null) {
            tap.end();
        }
        if (mode == Mode.PASSING) {
            call.fail(cause); // the application is reading this response: it fails as it would without the agent
        }
    }

    @Override
    public synchronized void releaseResources() {
        if (tap != null) {
            tap.end(); // the application let go of the stream before its end
        }
        if (mode == Mode.PASSING) {
            call.release();
        }
    }

    private synchronized void attemptFailed(Exception cause) {
        if (told) {
            if (mode == Mode.PASSING) {
                call.fail(cause);
            } else if (mode == Mode.HOLDING) {
                failure = cause; // the loop has yet to decide on what arrived: replayed, then this failure
            }
            return;
        }
        told = true;
        if (mode == Mode.PASSING) {
            loop.onResponse(this); // a JSON success cut short: the application has it, so the loop ends on it
            call.fail(cause);
        } else {
            mode = Mode.DISCARDING;
            loop.onFailure(cause);
        }
    }

    /** Status, headers, the held error body's first bytes, or the JSON success body's copy. */
    synchronized ResponseInfo info() {
        int status = head.getCode();
        byte[] bytes = held == null ? null : held.toByteArray();
        byte[] errorBody = status >= 400 && bytes != null
                ? Arrays.copyOf(bytes, Math.min(bytes.length, HeldBody.ERROR_BODY_PEEK_BYTES)) : null;
        byte[] jsonBody = copyingJson && ended && failure == null ? bytes : null;
        return new ResponseInfo(status, Hc5Messages.headers(head.getHeaders()), errorBody, jsonBody, tap);
    }

    /** The loop retries: what is held is dropped and the rest drained unread. */
    synchronized void discard() {
        if (mode != Mode.PASSING) {
            mode = Mode.DISCARDING;
            held = null;
        }
    }

    /** The loop's final response: the application's consumer gets it, as the server sent it. */
    synchronized void deliver() {
        if (mode != Mode.HOLDING) {
            return; // passed on from its first byte already (or dropped: a call cancelled meanwhile)
        }
        handOver();
        if (mode != Mode.PASSING) {
            return; // the application's consumer refused the head: its call has failed
        }
        try {
            if (entity != null) {
                byte[] bytes = held.toByteArray();
                held = null;
                call.consumer.updateCapacity(ended || capacity == null ? NO_MORE : capacity);
                if (bytes.length > 0) {
                    call.consumer.consume(ByteBuffer.wrap(bytes));
                }
                if (ended) {
                    call.consumer.streamEnd(trailers);
                }
            }
        } catch (Exception e) {
            mode = Mode.DISCARDING;
            call.fail(e);
            return;
        }
        if (failure != null) {
            call.fail(failure);
        } else if (ended) {
            call.release();
        }
    }

    private void handOver() {
        mode = Mode.PASSING;
        try {
            call.consumeResponse(head, entity);
        } catch (Exception e) {
            mode = Mode.DISCARDING;
            call.fail(e); // what the application's consumer threw ends its call, as it would in the client
        }
    }

    /** A call cancelled or failed while its stream still comes: the rest is drained, the application's consumer hears no more. */
    private void stopPassingOnceOver() {
        if (mode == Mode.PASSING && call.isOver()) {
            mode = Mode.DISCARDING;
        }
    }

    private void tell() {
        told = true;
        loop.onResponse(this);
    }

    private static void copy(ByteBuffer src, ByteArrayOutputStream to) {
        byte[] bytes = new byte[src.remaining()];
        src.get(bytes);
        to.write(bytes, 0, bytes.length);
    }
}
