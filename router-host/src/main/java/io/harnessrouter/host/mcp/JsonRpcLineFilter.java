package io.harnessrouter.host.mcp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits between stdin and the MCP SDK's stdio transport and lets through only lines the SDK can
 * handle. The SDK ends the whole session on one line it cannot deserialize; we answer such a line
 * ourselves with a JSON-RPC error (-32700 parse error, -32600 invalid request) and keep serving.
 *
 * <p>Error replies are written to the same output stream the SDK writes to, under the same monitor
 * ({@code synchronized (out)}) the SDK's stdio transport holds while it writes one message and its
 * newline, so a reply never lands inside another message.
 *
 * <p>It also counts requests in flight (ids read minus ids answered, see {@link #responded}), so
 * that at stdin EOF the server can finish answering what it was asked before it exits.
 *
 * <p>Not thread-safe for reading: the SDK reads it from one thread.
 */
final class JsonRpcLineFilter extends InputStream {
    private static final Logger LOG = LoggerFactory.getLogger(JsonRpcLineFilter.class);
    private static final int MAX_LINE_BYTES = 64 * 1024 * 1024;

    private final InputStream in;
    private final OutputStream out;
    private final ObjectMapper mapper;
    private final Runnable onEof;
    private final long eofGraceNanos;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Cancellations cancellations;
    private final byte[] readBuf = new byte[64 * 1024];
    private int readPos;
    private int readLen;
    private byte[] current = new byte[0];
    private int currentPos;
    private boolean eof;

    /**
     * @param eofGrace how long, at stdin EOF, to keep the session open for requests still running;
     *                 the SDK drops responses once it sees EOF, so EOF is passed on only after
     *                 every request read before it was answered or this grace ran out
     * @param onEof    called once EOF has been passed on to the SDK
     */
    JsonRpcLineFilter(InputStream in, OutputStream out, ObjectMapper mapper, java.time.Duration eofGrace,
            Cancellations cancellations, Runnable onEof) {
        this.cancellations = cancellations;
        this.in = in;
        this.out = out;
        this.mapper = mapper;
        this.eofGraceNanos = eofGrace.toNanos();
        this.onEof = onEof;
    }

    /** Requests read from the client that have no response yet. */
    int inFlight() {
        return pending.size();
    }

    /** Called by the output side when a response with this id was written. */
    void responded(String id) {
        if (pending.remove(id)) {
            synchronized (pending) {
                pending.notifyAll();
            }
        }
    }

    private void drainBeforeEof() {
        long deadline = System.nanoTime() + eofGraceNanos;
        synchronized (pending) {
            long left;
            while (!pending.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
                try {
                    pending.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        if (!pending.isEmpty()) {
            LOG.info("stdin closed with {} request(s) still running; abandoning them", pending.size());
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (currentPos >= current.length) {
            if (eof) {
                return -1;
            }
            byte[] line = nextLine();
            if (line == null) {
                eof = true;
                drainBeforeEof();
                onEof.run();
                return -1;
            }
            byte[] accepted = screen(line);
            if (accepted != null) {
                current = accepted;
                currentPos = 0;
            }
        }
        int n = Math.min(len, current.length - currentPos);
        System.arraycopy(current, currentPos, b, off, n);
        currentPos += n;
        return n;
    }

    /** Reads one line including its '\n' (or the last unterminated line); null at EOF. */
    private byte[] nextLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        boolean tooLong = false;
        while (true) {
            if (readPos >= readLen) {
                readLen = in.read(readBuf);
                readPos = 0;
                if (readLen <= 0) {
                    readLen = 0;
                    return line.size() == 0 && !tooLong ? null : finish(line, tooLong);
                }
            }
            int start = readPos;
            while (readPos < readLen && readBuf[readPos] != '\n') {
                readPos++;
            }
            if (!tooLong) {
                line.write(readBuf, start, readPos - start);
                if (line.size() > MAX_LINE_BYTES) {
                    tooLong = true;
                    line.reset();
                }
            }
            if (readPos < readLen) {
                readPos++; // the '\n'
                return finish(line, tooLong);
            }
        }
    }

    private static byte[] finish(ByteArrayOutputStream line, boolean tooLong) {
        if (tooLong) {
            return new byte[] {0}; // screened out below as a parse error
        }
        line.write('\n');
        return line.toByteArray();
    }

    /** Returns the line to pass to the SDK, or null after answering it ourselves. */
    private byte[] screen(byte[] line) {
        int len = line.length;
        int start = 0;
        while (start < len && Character.isWhitespace(line[start])) {
            start++;
        }
        if (start == len) {
            return null; // blank line: ignore silently, as JSON-RPC over stdio allows
        }
        JsonNode node;
        try {
            node = mapper.readTree(line);
        } catch (IOException | RuntimeException e) {
            reject(null, -32700, "Parse error: the line is not valid JSON");
            return null;
        }
        if (node == null || node.getNodeType() != JsonNodeType.OBJECT) {
            reject(null, -32600, "Invalid Request: expected one JSON-RPC object per line"
                    + (node != null && node.isArray() ? " (batches are not supported)" : ""));
            return null;
        }
        ObjectNode obj = (ObjectNode) node;
        JsonNode id = obj.get("id");
        boolean validId = id == null || id.isTextual() || id.isIntegralNumber();
        if (!validId) {
            reject(null, -32600, "Invalid Request: id must be a string or an integer");
            return null;
        }
        JsonNode method = obj.get("method");
        if (method != null) {
            if (!method.isTextual()) {
                reject(id, -32600, "Invalid Request: method must be a string");
                return null;
            }
            JsonNode params = obj.get("params");
            if (params != null && !params.isObject() && !params.isNull()) {
                reject(id, -32602, "Invalid params: params must be an object");
                return null;
            }
            if (id == null && "notifications/cancelled".equals(method.asText())) {
                cancel(params);
                return null; // the SDK has no handler for it and would only log an error
            }
            if (id != null) {
                pending.add(id.asText());
                if ("tools/call".equals(method.asText()) && params != null && params.isObject()) {
                    return tagged(obj, (ObjectNode) params, id);
                }
            }
            return line;
        }
        if (id != null && (obj.has("result") || obj.has("error"))) {
            return line; // a response to a request of ours (ping, sampling)
        }
        reject(id, -32600, "Invalid Request: a JSON-RPC message needs a method, or an id with result or error");
        return null;
    }

    private void cancel(JsonNode params) {
        JsonNode requestId = params == null ? null : params.get("requestId");
        if (requestId != null && (requestId.isTextual() || requestId.isIntegralNumber())) {
            LOG.info("request {} cancelled by the client{}", requestId.asText(),
                    params.hasNonNull("reason") ? ": " + params.get("reason").asText() : "");
            cancellations.cancel(requestId.asText());
        }
    }

    /** The line with the call's JSON-RPC id added to {@code params._meta}, for cancellation. */
    private byte[] tagged(ObjectNode message, ObjectNode params, JsonNode id) {
        JsonNode meta = params.get("_meta");
        ObjectNode metaObj = meta instanceof ObjectNode o ? o : params.putObject("_meta");
        metaObj.put(Cancellations.META_KEY, id.asText());
        try {
            return (mapper.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("re-serialising a parsed message failed", e);
        }
    }

    private void reject(JsonNode id, int code, String message) {
        LOG.warn("Rejected an inbound line ({}): {}", code, message);
        ObjectNode err = mapper.createObjectNode();
        err.put("jsonrpc", "2.0");
        err.set("id", id == null ? mapper.nullNode() : id);
        ObjectNode e = err.putObject("error");
        e.put("code", code);
        e.put("message", message);
        try {
            byte[] bytes = (mapper.writeValueAsString(err) + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (out) {
                out.write(bytes);
                out.flush();
            }
        } catch (IOException ex) {
            LOG.debug("Could not write an error reply", ex);
        }
    }

    /**
     * Reads the top-level {@code id} of an outgoing message if it is a response (has no
     * {@code method}); null otherwise. Stops parsing as soon as it knows.
     */
    static String responseId(JsonFactory factory, byte[] message, int off, int len) {
        try (JsonParser p = factory.createParser(message, off, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String id = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if ("method".equals(name)) {
                    return null;
                }
                if ("id".equals(name) && v != JsonToken.VALUE_NULL) {
                    id = p.getText();
                } else if (("result".equals(name) || "error".equals(name)) && id != null) {
                    return id;
                }
                p.skipChildren();
            }
            return id;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
