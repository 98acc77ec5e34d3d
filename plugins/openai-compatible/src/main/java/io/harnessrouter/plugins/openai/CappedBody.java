package io.harnessrouter.plugins.openai;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * Collects a response body up to a cap and drains (but drops) the rest, so a huge or endless
 * error page cannot exhaust memory while the exchange still completes normally. Used for buffered
 * completions and error bodies. Chunks arrive serially from the HTTP client; {@link #text()} is
 * read after completion.
 */
final class CappedBody implements Flow.Subscriber<List<ByteBuffer>> {

    private final int cap;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private long seen;

    CappedBody(int cap) {
        this.cap = cap;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public synchronized void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer b : buffers) {
            seen += b.remaining();
            int room = cap - bytes.size();
            int take = Math.min(room, b.remaining());
            byte[] chunk = new byte[take];
            b.get(chunk);
            bytes.write(chunk, 0, take);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        // The HTTP client completes the response future exceptionally; the dispatcher reports it.
    }

    @Override
    public void onComplete() {
        // Nothing to flush.
    }

    /** The body as UTF-8 (malformed bytes replaced), cut at the cap. */
    synchronized String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** True when the body was longer than the cap. */
    synchronized boolean truncated() {
        return seen > cap;
    }

    /** The cap in bytes. */
    int cap() {
        return cap;
    }

    /** How many bytes of body arrived, kept or not. */
    synchronized long seen() {
        return seen;
    }
}
