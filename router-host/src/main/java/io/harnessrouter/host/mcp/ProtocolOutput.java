package io.harnessrouter.host.mcp;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * The stream the SDK's stdio transport writes JSON-RPC messages to. It passes bytes through to the
 * real stdout unchanged and tells the {@link JsonRpcLineFilter} which requests got their response,
 * so the server knows when nothing is left in flight.
 *
 * <p>The SDK writes each message with one {@code write(byte[])} followed by a newline, under
 * {@code synchronized (this)}; the filter's error replies take the same monitor.
 */
final class ProtocolOutput extends OutputStream {
    private final OutputStream realStdout;
    private final JsonFactory factory = new JsonFactory();
    private volatile Consumer<String> onResponse = id -> { };

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
                onResponse.accept(id);
            }
        }
    }

    @Override
    public void flush() throws IOException {
        realStdout.flush();
    }

    @Override
    public void close() throws IOException {
        realStdout.flush();
    }
}
