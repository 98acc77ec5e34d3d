package io.harnessrouter.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.api.testkit.FakeClis;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code harness-router serve} from the built launcher: SIGTERM with a call in flight answers the
 * call, kills the CLI tree and exits 0; a second serve on a taken port exits 1 with one line.
 */
@Timeout(120)
class ServeEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIST = Path.of(System.getProperty("harness-router.dist", "../dist/harness-router"));
    private static final Pattern LISTENING = Pattern.compile("harness-router listening on (http://\\S+/mcp)");
    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
            + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";

    @TempDir
    Path home;
    private final List<Process> started = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void tearDown() {
        started.forEach(Process::destroyForcibly);
    }

    /** A running serve and the lines of its stderr as they come. */
    private record Serve(Process process, List<String> stderr, URI endpoint) {
    }

    private Serve serve(Path config, String... more) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(DIST.resolve("bin/harness-router").toString(), "serve",
                "--config", config.toString(), "--state-db", home.resolve("state.db").toString()));
        cmd.addAll(List.of(more));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        started.add(p);
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        List<String> all = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    all.add(line);
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                // process gone
            }
        });
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.append(line).append('\n');
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    return new Serve(p, all, URI.create(m.group(1)));
                }
            }
            if (!p.isAlive() && lines.isEmpty()) {
                reader.join(5000); // every line the process wrote is read
                return new Serve(p, all, null);
            }
        }
        throw new AssertionError("serve never said where it listens:\n" + seen);
    }

    private HttpRequest.Builder post(URI endpoint, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b.timeout(Duration.ofSeconds(30));
    }

    @Test
    void sigtermWithACallInFlightAnswersItKillsTheCliTreeAndExitsZero() throws Exception {
        Path claude = FakeClis.install("claude", Files.createDirectories(home.resolve("bin")));
        Path pidFile = home.resolve("child.pid");
        Path config = Files.writeString(home.resolve("config.yaml"), """
                priority: [opus]
                models:
                  opus:
                    subscription:
                      harness: claude_code
                      command: %s
                      env: {FAKE_CLAUDE_MODE: hang, FAKE_CLAUDE_PIDFILE: %s}
                """.formatted(claude, pidFile));
        Serve s = serve(config, "--port", "0");
        HttpResponse<String> init = http.send(post(s.endpoint(), INIT).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, init.statusCode(), init.body());
        String session = init.headers().firstValue("mcp-session-id").orElseThrow();
        http.send(post(s.endpoint(), "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", "mcp-session-id",
                session).build(), HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> call = http.sendAsync(post(s.endpoint(), "{\"jsonrpc\":\"2.0\",\"id\":2,"
                + "\"method\":\"tools/call\",\"params\":{\"name\":\"code\",\"arguments\":{\"prompt\":\"hang\"}}}",
                "mcp-session-id", session).build(), HttpResponse.BodyHandlers.ofString());
        long child = LauncherEndToEndIT.awaitPid(pidFile);
        assertTrue(FakeClis.isRunning(child));

        s.process().destroy(); // SIGTERM

        String sse = call.get(20, TimeUnit.SECONDS).body();
        JsonNode answer = null;
        for (String line : sse.split("\n")) {
            if (line.startsWith("data:")) {
                JsonNode m = JSON.readTree(line.substring(5).strip());
                if (m.has("id")) {
                    answer = m;
                }
            }
        }
        assertTrue(answer != null && answer.at("/result/isError").asBoolean(), sse);
        assertTrue(answer.at("/result/content/0/text").asText().contains("cancelled"), sse);
        assertTrue(s.process().waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, s.process().exitValue());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (FakeClis.isRunning(child) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(FakeClis.isRunning(child), "no CLI process may outlive serve");
    }

    @Test
    void aSecondServeOnATakenPortExitsOneWithOneLine() throws Exception {
        Path config = Files.writeString(home.resolve("config.yaml"), "priority: [opus]\nmodels:\n  opus: {subscription: {harness: claude_code}}\n");
        Serve first = serve(config, "--port", "0");
        int port = first.endpoint().getPort();

        Serve second = serve(config, "--port", String.valueOf(port));

        assertTrue(second.process().waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, second.process().exitValue());
        List<String> lines = second.stderr();
        assertEquals(List.of("harness-router serve: cannot listen on 127.0.0.1:" + port + ": the port is in use (another"
                + " harness-router serve?) or not allowed; choose another with --port"), lines);
    }
}
