package io.harnessrouter.host.mcp;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into {@code '\n'}-terminated lines without decoding them (a line with
 * invalid UTF-8 is still one line, for the JSON parser to refuse). A line longer than the cap is
 * not kept: it is read to its end and reported as {@link Line#tooLong()} with its length, so one
 * huge line costs at most the cap in memory. The last line may lack its newline.
 *
 * <p>Not thread-safe: one reader thread.
 */
final class LineReader {
    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int len;
    private byte[] line = new byte[8 * 1024];

    /** One line without its newline: {@code bytes[0, length)}, or only its length when too long. */
    record Line(byte[] bytes, int length, boolean tooLong) {
    }

    LineReader(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line, or null at EOF. The returned bytes are valid until the next call. */
    Line next() throws IOException {
        if (line.length > 1 << 20) {
            line = new byte[8 * 1024]; // do not keep a huge line's buffer for the session's life
        }
        int size = 0;
        long seen = 0;
        boolean any = false;
        while (true) {
            if (pos >= len) {
                len = in.read(buf);
                pos = 0;
                if (len <= 0) {
                    len = 0;
                    return any ? finish(size, seen) : null;
                }
            }
            any = true;
            int start = pos;
            while (pos < len && buf[pos] != '\n') {
                pos++;
            }
            int chunk = pos - start;
            if (seen + chunk <= maxLineBytes) {
                ensure(size + chunk);
                System.arraycopy(buf, start, line, size, chunk);
                size += chunk;
            }
            seen += chunk;
            if (pos < len) {
                pos++; // the '\n'
                return finish(size, seen);
            }
        }
    }

    /**
     * Whether a whole further line is already buffered, so {@link #next()} will not block for it:
     * the caller can look at lines that arrived together before acting on the first.
     */
    boolean hasBufferedLine() {
        for (int i = pos; i < len; i++) {
            if (buf[i] == '\n') {
                return true;
            }
        }
        return false;
    }

    private Line finish(int size, long seen) {
        if (seen > maxLineBytes) {
            return new Line(null, (int) Math.min(Integer.MAX_VALUE, seen), true);
        }
        return new Line(line, size, false);
    }

    private void ensure(int capacity) {
        if (capacity > line.length) {
            line = Arrays.copyOf(line, Math.max(capacity, Math.min(maxLineBytes, line.length * 2)));
        }
    }
}
