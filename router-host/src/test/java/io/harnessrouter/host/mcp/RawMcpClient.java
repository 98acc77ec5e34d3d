package io.harnessrouter.host.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JSON-RPC client that speaks raw lines, so tests see exactly what the server writes (including
 * replies to lines no SDK client would send). Every line the server writes must be JSON; a line
 * that is not fails the test that reads it.
 */
final class RawMcpClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final OutputStream toServer;
    private final BlockingQueue<JsonNode> fromServer = new LinkedBlockingQueue<>();
    private final List<String> nonJsonLines = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger(100);
    private final Thread reader;

    RawMcpClient(OutputStream toServer, InputStream fromServerStream) {
        this.toServer = toServer;
        this.reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(fromServerStream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    try {
                        fromServer.add(JSON.readTree(line));
                    } catch (IOException e) {
                        synchronized (nonJsonLines) {
                            nonJsonLines.add(line);
                        }
                    }
                }
            } catch (IOException e) {
                // stream closed
            }
        }, "raw-mcp-client");
        reader.setDaemon(true);
        reader.start();
    }

    List<String> nonJsonLines() {
        synchronized (nonJsonLines) {
            return List.copyOf(nonJsonLines);
        }
    }

    void sendLine(String line) throws IOException {
        toServer.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        toServer.flush();
    }

    int request(String method, JsonNode params) throws IOException {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        if (params != null) {
            msg.set("params", params);
        }
        sendLine(JSON.writeValueAsString(msg));
        return id;
    }

    void notify(String method) throws IOException {
        sendLine("{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\"}");
    }

    /** Sends a request and waits for its response; notifications seen meanwhile go to {@code seen}. */
    JsonNode call(String method, JsonNode params, List<JsonNode> seen) throws Exception {
        int id = request(method, params);
        return awaitResponse(id, seen);
    }

    JsonNode call(String method, JsonNode params) throws Exception {
        return call(method, params, new ArrayList<>());
    }

    JsonNode awaitResponse(int id, List<JsonNode> seen) throws Exception {
        while (true) {
            JsonNode msg = next();
            if (msg.has("id") && msg.get("id").asInt() == id && !msg.has("method")) {
                return msg;
            }
            seen.add(msg);
        }
    }

    JsonNode next() throws InterruptedException {
        JsonNode msg = fromServer.poll(20, TimeUnit.SECONDS);
        if (msg == null) {
            throw new AssertionError("no message from the server within 20 s; non-JSON lines: " + nonJsonLines());
        }
        return msg;
    }

    /** The next message if one comes within 50 ms, else null. */
    JsonNode poll() throws InterruptedException {
        return fromServer.poll(50, TimeUnit.MILLISECONDS);
    }

    JsonNode initialize() throws Exception {
        ObjectNode params = JSON.createObjectNode();
        params.put("protocolVersion", "2025-06-18");
        params.putObject("capabilities");
        params.putObject("clientInfo").put("name", "raw-test").put("version", "1");
        JsonNode result = call("initialize", params);
        notify("notifications/initialized");
        return result;
    }

    JsonNode callTool(String argumentsJson, List<JsonNode> seen, String progressToken) throws Exception {
        ObjectNode params = JSON.createObjectNode().put("name", "code");
        params.set("arguments", JSON.readTree(argumentsJson));
        if (progressToken != null) {
            params.putObject("_meta").put("progressToken", progressToken);
        }
        return call("tools/call", params, seen);
    }

    @Override
    public void close() throws IOException {
        toServer.close();
    }
}
