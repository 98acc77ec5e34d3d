package io.harnessrouter.plugins.openai;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * Splits a response body into lines for {@link SseSubscriber}: at {@code \n}, {@code \r\n} or a
 * lone {@code \r}, as the SSE format allows; each line decoded as UTF-8 (malformed bytes
 * replaced), without its break. A line longer than {@code maxLineBytes} is not kept: its length
 * is reported through {@link SseSubscriber#lineTooLong(long)} instead.
 *
 * <p>Why not {@code BodySubscribers.fromLineSubscriber}: the JDK's line adapter rescans the whole
 * pending line whenever bytes arrive, so one long line costs quadratic time (measured on JDK 17:
 * a 1 MiB line 0.7 s, 4 MiB 8 s, 16 MiB 169 s) and unbounded memory. Here each byte is looked at
 * once and a line holds at most {@code maxLineBytes}.
 *
 * <p>Buffers arrive serially from the HTTP client; not for use by several threads.
 */
final class SseLineReader implements Flow.Subscriber<List<ByteBuffer>> {

    private final SseSubscriber target;
    private final int maxLineBytes;
    private byte[] line = new byte[256];
    private int length;
    private long dropped;
    private boolean afterCr;

    SseLineReader(SseSubscriber target, int maxLineBytes) {
        this.target = target;
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        target.onSubscribe(subscription);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b == '\n' && afterCr) {
                    afterCr = false; // the \n of a \r\n: the line already ended at the \r
                } else if (b == '\n' || b == '\r') {
                    afterCr = b == '\r';
                    endLine();
                } else {
                    afterCr = false;
                    add(b);
                }
            }
        }
    }

    @Override
    public void onError(Throwable throwable) {
        target.onError(throwable);
    }

    @Override
    public void onComplete() {
        if (length > 0 || dropped > 0) {
            endLine();
        }
        target.onComplete();
    }

    private void add(byte b) {
        if (dropped > 0 || length == maxLineBytes) {
            dropped++;
            return;
        }
        if (length == line.length) {
            line = Arrays.copyOf(line, (int) Math.min(maxLineBytes, 2L * line.length));
        }
        line[length++] = b;
    }

    private void endLine() {
        if (dropped > 0) {
            target.lineTooLong(length + dropped);
        } else {
            target.onNext(new String(line, 0, length, StandardCharsets.UTF_8));
        }
        length = 0;
        dropped = 0;
        if (line.length > 64 * 1024) {
            line = new byte[256]; // do not hold a huge buffer for the rest of the stream
        }
    }
}
