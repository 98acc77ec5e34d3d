package io.harnessrouter.host.mcp;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * The stream the SDK's stdio transport writes JSON-RPC messages to. It passes bytes through to the
 * real stdout unchanged and tells the {@link JsonRpcLineFilter} which requests got their response,
 * so the server knows when nothing is left in flight. A response counts as answered only once it
 * was flushed: the server may exit right after the last one, and bytes still in the buffer would
 * be lost.
 *
 * <p>The SDK writes each message with one {@code write(byte[])} followed by a newline, under
 * {@code synchronized (this)}; the filter's error replies take the same monitor.
 */
final class ProtocolOutput extends OutputStream {
    private final OutputStream realStdout;
    private final JsonFactory factory = new JsonFactory();
    private volatile Consumer<String> onResponse = id -> { };
    /** Responses written but not yet flushed; reported only once they reached stdout. */
    private final java.util.List<String> unflushed = new java.util.ArrayList<>();

    ProtocolOutput(OutputStream realStdout) {
        this.realStdout = realStdout;
    }

    void onResponse(Consumer<String> listener) {
        this.onResponse = listener;
    }

    @Override
    public void write(int b) throws IOException {
        realStdout.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        realStdout.write(b, off, len);
        if (len > 1 && b[off] == '{') {
            String id = JsonRpcLineFilter.responseId(factory, b, off, len);
            if (id != null) {
                synchronized (unflushed) {
                    unflushed.add(id);
                }
            }
        }
    }

    @Override
    public void flush() throws IOException {
        realStdout.flush();
        List<String> done;
        synchronized (unflushed) {
            if (unflushed.isEmpty()) {
                return;
            }
            done = List.copyOf(unflushed);
            unflushed.clear();
        }
        done.forEach(onResponse);
    }

    @Override
    public void close() throws IOException {
        realStdout.flush();
    }
}
