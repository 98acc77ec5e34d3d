package io.harnessrouter.host.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.host.doctor.DoctorTestPlugin;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server ({@code Main}, stdio) in a child JVM that logs every class it loads, answering
 * initialize and one {@code code} call that dispatches: a metered route of the doctor's test
 * plugin (a real PF4J JAR) whose API is a closed loopback port, so the walk makes one real failed
 * attempt:
 * <ul>
 *   <li>tracing off: not one {@code io.opentelemetry} class is loaded, while the telemetry hook,
 *       the tool and the attempt runner demonstrably ran;</li>
 *   <li>tracing on, against {@link OtlpReceiver} on loopback: the SDK is loaded and the three spans
 *       arrive as OTLP/HTTP protobuf by the time the server has exited (close flushes).</li>
 * </ul>
 * A child JVM because the test JVM has long loaded OpenTelemetry for the other tests.
 */
@Timeout(120)
class TelemetryProcessTest {

    private static final String PROMPT = "PROMPT-c0ffee say hi";
    private static final String SECRET = "sk-test-SECRET-77aa";

    @TempDir
    Path tmp;

    @Test
    void withTracingOffTheServerPathLoadsNoOpenTelemetryClass() throws Exception {
        List<String> loaded = runServer(Map.of());

        assertTrue(loaded.contains("io.harnessrouter.host.telemetry.Telemetry"), "the hook ran");
        assertTrue(loaded.contains("io.harnessrouter.host.mcp.CodeTool"), "the tool ran");
        assertTrue(loaded.contains("io.harnessrouter.host.doctor.testplugin.FakeApiHarness$ApiDispatcher"),
                "an attempt was dispatched");
        assertEquals(List.of(), loaded.stream().filter(c -> c.startsWith("io.opentelemetry")).toList());
        assertFalse(loaded.contains(Telemetry.OTEL_IMPLEMENTATION));
    }

    @Test
    void withAnEndpointSetTheServerExportsItsSpansOverOtlpHttp() throws Exception {
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            List<String> loaded = runServer(Map.of(TelemetrySettings.ENDPOINT, receiver.endpoint()));

            assertTrue(loaded.contains(Telemetry.OTEL_IMPLEMENTATION));
            assertTrue(loaded.contains("io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSender"), "JDK sender");
            assertEquals(List.of(), receiver.refused());
            assertEquals(List.of("harness-router.dispatcher.dispatch", "harness-router.mcp.tool",
                    "harness-router.router.route"), receiver.spanNames().stream().sorted().toList());
            for (String forbidden : List.of(PROMPT, SECRET)) {
                assertFalse(receiver.bodies().contains(forbidden), "the export carries " + forbidden);
            }
        }
    }

    /** Runs initialize and one code call, closes stdin, and returns the classes the JVM loaded. */
    private List<String> runServer(Map<String, String> extraEnv) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        Path config = Files.writeString(tmp.resolve("config.yaml"), "priority: [m]\nmodels:\n  m:\n    metered:\n"
                + "      - base_url: http://127.0.0.1:" + closedPort + "/v1\n        api_key: ${TEST_API_KEY}\n");
        DoctorTestPlugin.pluginsDir(tmp);
        Path classLog = tmp.resolve("classes.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + classLog, "-cp", System.getProperty("java.class.path"),
                "io.harnessrouter.host.cli.Main", "--config", config.toString(),
                "--state-db", tmp.resolve("state.db").toString(), "--plugins-dir", tmp.resolve("plugins").toString());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("OTEL_") || k.startsWith("HARNESS_ROUTER"));
        env.put("HOME", tmp.toString());
        env.put("TEST_API_KEY", SECRET);
        env.putAll(extraEnv);
        pb.redirectError(tmp.resolve("stderr.txt").toFile());
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream();
             BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}");
            awaitId(out, 1);
            send(in, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            send(in, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"code\","
                    + "\"arguments\":{\"prompt\":\"" + PROMPT + "\"}}}");
            String answer = awaitId(out, 2);
            assertTrue(answer.contains("m::127.0.0.1") && answer.contains("unavailable"), answer);
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the server exits when stdin closes");
        List<String> classes = new ArrayList<>();
        for (String line : Files.readAllLines(classLog)) {
            // [0.012s][info][class,load] java.lang.Object source: shared objects file
            int start = line.indexOf("] ", line.indexOf("[class,load]"));
            if (start > 0) {
                String rest = line.substring(start + 2);
                classes.add(rest.substring(0, rest.indexOf(' ') < 0 ? rest.length() : rest.indexOf(' ')));
            }
        }
        assertTrue(classes.size() > 500, "the class log was read: " + classes.size());
        return classes;
    }

    private static void send(OutputStream in, String line) throws IOException {
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    private static String awaitId(BufferedReader out, int id) throws IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (line.contains("\"id\":" + id + ",") || line.contains("\"id\":" + id + "}")) {
                return line;
            }
        }
        throw new AssertionError("the server closed stdout before answering request " + id);
    }
}
