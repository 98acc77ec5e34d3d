package io.harnessrouter.api.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads one child stream to its end: keeps the first {@code cap} bytes, counts and drops the
 * rest, and hands every line (UTF-8, without its line break) to a consumer as it arrives.
 *
 * <p>A line longer than {@link #MAX_LINE_BYTES} is handed over in pieces of at most that size,
 * so a child that never writes a newline cannot grow memory without bound.
 *
 * <p>Thread-safety: {@link #run()} runs on one reader thread; {@link #text()},
 * {@link #truncated()} may be called from another thread at any time (they see what was read so
 * far). After {@link #abandon()} the consumer is no longer called.
 */
final class StreamCollector implements Runnable {

    /** Longest pending line kept before it is handed over in pieces: 1 MiB. */
    static final int MAX_LINE_BYTES = 1024 * 1024;

    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private final int cap;
    private final Consumer<String> lines;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private long dropped;
    private byte[] pending = new byte[256];
    private int pendingLength;
    private volatile boolean abandoned;

    StreamCollector(InputStream in, int cap, Consumer<String> lines) {
        this.in = in;
        this.cap = cap;
        this.lines = lines;
    }

    @Override
    public void run() {
        byte[] buf = new byte[CHUNK];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                capture(buf, n);
                split(buf, n);
            }
        } catch (IOException e) {
            // The stream was closed under us (the tree was killed, the runner gave up): keep what we have.
        }
        if (pendingLength > 0) {
            emit(pendingLength);
        }
    }

    /** Stops calling the line consumer; reading and capturing go on until the stream ends. */
    void abandon() {
        abandoned = true;
    }

    synchronized boolean truncated() {
        return dropped > 0;
    }

    /** The captured text, ending with a truncation note when output went beyond the cap. */
    synchronized String text() {
        byte[] bytes = captured.toByteArray();
        if (dropped == 0) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        int end = Utf8.completeLength(bytes, bytes.length);
        long more = dropped + (bytes.length - end);
        return new String(bytes, 0, end, StandardCharsets.UTF_8)
                + "\n[output truncated: " + more + " more bytes beyond the " + cap + "-byte cap]";
    }

    private synchronized void capture(byte[] buf, int n) {
        int room = cap - captured.size();
        int keep = Math.min(room, n);
        if (keep > 0) {
            captured.write(buf, 0, keep);
        }
        dropped += n - keep;
    }

    private void split(byte[] buf, int n) {
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (buf[i] == '\n') {
                append(buf, start, i - start);
                emit(pendingLength);
                start = i + 1;
            }
        }
        append(buf, start, n - start);
    }

    private void append(byte[] buf, int off, int len) {
        while (len > 0) {
            if (pendingLength == MAX_LINE_BYTES) {
                emit(Utf8.completeLength(pending, pendingLength));
            }
            int take = Math.min(len, MAX_LINE_BYTES - pendingLength);
            ensureRoom(pendingLength + take);
            System.arraycopy(buf, off, pending, pendingLength, take);
            pendingLength += take;
            off += take;
            len -= take;
        }
    }

    private void ensureRoom(int needed) {
        if (needed > pending.length) {
            pending = Arrays.copyOf(pending, Math.min(MAX_LINE_BYTES, Math.max(needed, pending.length * 2)));
        }
    }

    /** Hands the first {@code length} pending bytes to the consumer and keeps the rest pending. */
    private void emit(int length) {
        int end = length;
        boolean wholeLine = length == pendingLength;
        if (wholeLine && end > 0 && pending[end - 1] == '\r') {
            end--;
        }
        String line = new String(pending, 0, end, StandardCharsets.UTF_8);
        System.arraycopy(pending, length, pending, 0, pendingLength - length);
        pendingLength -= length;
        if (!abandoned) {
            try {
                lines.accept(line);
            } catch (RuntimeException e) {
                // A consumer must not break reading; the line is still captured.
            }
        }
    }
}
