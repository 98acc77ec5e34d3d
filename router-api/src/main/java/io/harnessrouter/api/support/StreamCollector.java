package io.harnessrouter.api.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads one child stream to its end: keeps the first and the last bytes of it up to {@code cap}
 * in all (half each), counts and drops the middle, and hands every line (UTF-8, without its line
 * break) to a consumer as it arrives.
 *
 * <p>Keeping the tail matters because CLIs print their result last: a JSON result line after
 * 200 MB of progress output survives, as long as it fits in half the cap. Memory is bounded by
 * {@code cap} plus one pending line.
 *
 * <p>A line longer than {@link #MAX_LINE_BYTES} is handed over in pieces of at most that size,
 * so a child that never writes a newline cannot grow memory without bound.
 *
 * <p>Thread-safety: {@link #run()} runs on one reader thread; {@link #capture()},
 * {@link #text()}, {@link #truncated()} may be called from another thread at any time (they see
 * what was read so far). After {@link #abandon()} the consumer is no longer called.
 */
final class StreamCollector implements Runnable {

    /** Longest pending line kept before it is handed over in pieces: 1 MiB. */
    static final int MAX_LINE_BYTES = 1024 * 1024;

    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private final int headCap;
    private final int tailCap;
    private final Consumer<String> lines;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    /** Ring buffer of the last {@code tailCap} bytes after the head filled; allocated on first use. */
    private byte[] tail;
    private int tailEnd;
    private int tailLength;
    private long total;
    private byte[] pending = new byte[256];
    private int pendingLength;
    private volatile boolean abandoned;

    StreamCollector(InputStream in, int cap, Consumer<String> lines) {
        this.in = in;
        this.tailCap = cap / 2;
        this.headCap = cap - tailCap;
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
        return total > head.size() + tailLength;
    }

    /** The captured text, ending with a truncation note when output went beyond the cap. */
    String text() {
        return capture().text();
    }

    /**
     * The captured text and its size, read together. Within the cap the text is the whole
     * stream; beyond it, the head and the tail (each cut on a character boundary) around a line
     * {@code [output truncated: <omitted> of <total> bytes omitted; kept the first <h> and the
     * last <t>]}.
     */
    synchronized Capture capture() {
        byte[] first = head.toByteArray();
        byte[] last = tailBytes();
        if (!truncated()) {
            byte[] all = new byte[first.length + last.length];
            System.arraycopy(first, 0, all, 0, first.length);
            System.arraycopy(last, 0, all, first.length, last.length);
            return new Capture(new String(all, StandardCharsets.UTF_8), new ProcessOutcome.CaptureSize(total, total));
        }
        int headEnd = Utf8.completeLength(first, first.length);
        int tailStart = Utf8.firstCharacterStart(last);
        long kept = headEnd + (last.length - tailStart);
        String note = "\n[output truncated: " + (total - kept) + " of " + total + " bytes omitted; kept the first "
                + headEnd + " and the last " + (last.length - tailStart) + "]" + (last.length > tailStart ? "\n" : "");
        String text = new String(first, 0, headEnd, StandardCharsets.UTF_8) + note
                + new String(last, tailStart, last.length - tailStart, StandardCharsets.UTF_8);
        return new Capture(text, new ProcessOutcome.CaptureSize(kept, total));
    }

    private byte[] tailBytes() {
        byte[] out = new byte[tailLength];
        if (tailLength == 0) {
            return out;
        }
        int start = Math.floorMod(tailEnd - tailLength, tail.length);
        int firstPart = Math.min(tailLength, tail.length - start);
        System.arraycopy(tail, start, out, 0, firstPart);
        System.arraycopy(tail, 0, out, firstPart, tailLength - firstPart);
        return out;
    }

    private synchronized void capture(byte[] buf, int n) {
        total += n;
        int keep = Math.min(headCap - head.size(), n);
        if (keep > 0) {
            head.write(buf, 0, keep);
        }
        if (keep < n && tailCap > 0) {
            remember(buf, keep, n - keep);
        }
    }

    /** Appends {@code len} bytes to the tail ring, overwriting its oldest bytes. */
    private void remember(byte[] buf, int off, int len) {
        if (tail == null) {
            tail = new byte[tailCap];
        }
        if (len >= tailCap) {
            System.arraycopy(buf, off + len - tailCap, tail, 0, tailCap);
            tailEnd = 0;
            tailLength = tailCap;
            return;
        }
        int firstPart = Math.min(len, tailCap - tailEnd);
        System.arraycopy(buf, off, tail, tailEnd, firstPart);
        System.arraycopy(buf, off + firstPart, tail, 0, len - firstPart);
        tailEnd = (tailEnd + len) % tailCap;
        tailLength = Math.min(tailCap, tailLength + len);
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

    /** What a collector kept: the text and its size. */
    record Capture(String text, ProcessOutcome.CaptureSize size) {
    }
}
