package io.harnessrouter.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The built launcher as a child process spoken to in raw JSON-RPC lines, the way a host that
 * pipelines, cancels and closes stdin does. Every stdout line must parse as JSON; anything else
 * is collected in {@link #nonJson()}.
 */
final class RawServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path DIST = Path.of(System.getProperty("harness-router.dist", "../dist/harness-router"));

    final Process process;
    private final OutputStream in;
    private final BlockingQueue<JsonNode> out = new LinkedBlockingQueue<>();
    private final List<String> nonJson = new ArrayList<>();
    private final Thread reader;

    private RawServer(Process process) {
        this.process = process;
        this.in = process.getOutputStream();
        this.reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    try {
                        out.add(JSON.readTree(line));
                    } catch (IOException e) {
                        synchronized (nonJson) {
                            nonJson.add(line);
                        }
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "raw-server-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static RawServer start(Path home, Path config, Path stateDb, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(DIST.resolve("bin/harness-router").toString(), "--config",
                config.toString(), "--state-db", stateDb.toString());
        pb.environment().put("HOME", home.toString());
        pb.environment().putAll(env);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(home.resolve("stderr.log").toFile()));
        return new RawServer(pb.start());
    }

    static String initialize() {
        return "{\"jsonrpc\":\"2.0\",\"id\":\"init\",\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}\n"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n";
    }

    static String codeCall(Object id, String prompt) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + (id instanceof String ? "\"" + id + "\"" : id)
                + ",\"method\":\"tools/call\",\"params\":{\"name\":\"code\",\"arguments\":{\"prompt\":\"" + prompt + "\"}}}\n";
    }

    void send(String lines) throws IOException {
        in.write(lines.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    void closeStdin() throws IOException {
        in.close();
    }

    /** The next stdout message within {@code seconds}, or an AssertionError. */
    JsonNode next(int seconds) throws InterruptedException {
        JsonNode m = out.poll(seconds, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no message from the server within " + seconds + " s");
        }
        return m;
    }

    List<String> nonJson() {
        synchronized (nonJson) {
            return List.copyOf(nonJson);
        }
    }

    /** Waits for the exit; -1 when it did not exit within {@code seconds}. */
    int awaitExit(int seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
