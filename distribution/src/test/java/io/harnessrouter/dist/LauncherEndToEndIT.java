package io.harnessrouter.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.api.testkit.FakeClis;
import io.harnessrouter.api.testkit.FakeOpenAiServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the built launcher ({@code dist/harness-router/bin/harness-router}) as a child process and
 * drives it over stdio with the MCP Java SDK client, the way an MCP host does. The harness plugins
 * load from the distribution's {@code plugins/} directory through PF4J (they are not on the
 * launcher's class path); the CLIs are fake {@code claude} scripts, the API a loopback server.
 */
@Timeout(120)
class LauncherEndToEndIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIST = Path.of(System.getProperty("harness-router.dist", "../dist/harness-router"));

    @TempDir
    Path home;

    private Path claude;
    private FakeOpenAiServer api;
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private McpSyncClient client;

    @BeforeEach
    void setUp() throws Exception {
        claude = FakeClis.install("claude", Files.createDirectories(home.resolve("bin")));
        api = FakeOpenAiServer.start();
    }

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.closeGracefully();
        }
        api.close();
    }

    private Path config(String yaml) throws Exception {
        return Files.writeString(home.resolve("config.yaml"), yaml);
    }

    private String standardConfig() {
        return """
                priority: [opus, gpt]
                models:
                  opus:
                    subscription:
                      - harness: claude_code
                        command: %1$s
                        env: {FAKE_CLAUDE_MODE: rate_limit}
                      - harness: claude_code
                        command: %1$s
                        env: {FAKE_CLAUDE_ANSWER: "hello from the second claude"}
                  gpt:
                    metered:
                      base_url: %2$s
                      api_key: ${E2E_API_KEY}
                """.formatted(claude, api.baseUrl());
    }

    private McpSyncClient connect(Path config) {
        return connect(config, home.resolve("state.db"));
    }

    private McpSyncClient connect(Path config, Path stateDb) {
        ServerParameters params = ServerParameters.builder(DIST.resolve("bin/harness-router").toString())
                .args("--config", config.toString(), "--state-db", stateDb.toString())
                .env(Map.of("HOME", home.toString(), "PATH", System.getenv("PATH"), "E2E_API_KEY", "sk-e2e-secret-key"))
                .build();
        StdioClientTransport transport = new StdioClientTransport(params, new JacksonMcpJsonMapper(JSON));
        transport.setStdErrorHandler(stderr::add);
        client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build();
        client.initialize();
        return client;
    }

    private static JsonNode json(CallToolResult result) throws Exception {
        return JSON.readTree(((McpSchema.TextContent) result.content().get(0)).text());
    }

    private static CallToolResult code(McpSyncClient c, Map<String, Object> args) {
        return c.callTool(new McpSchema.CallToolRequest("code", args));
    }

    @Test
    void initializeListsTheToolAndResourcesAndCodeSucceedsAfterFailingOver() throws Exception {
        McpSyncClient c = connect(config(standardConfig()));
        assertEquals("harness-router", c.getServerInfo().name());

        List<McpSchema.Tool> tools = c.listTools().tools();
        assertEquals(1, tools.size());
        assertEquals("code", tools.get(0).name());
        assertEquals(List.of("prompt"), tools.get(0).inputSchema().get("required"));
        assertEquals(List.of("harness-router://status", "harness-router://status.json"),
                c.listResources().resources().stream().map(McpSchema.Resource::uri).toList());

        CallToolResult result = code(c, Map.of("prompt", "write a haiku"));
        assertFalse(result.isError(), result.toString());
        JsonNode body = json(result);
        assertEquals("hello from the second claude", body.at("/route/output").asText());
        assertEquals("opus::claude_code#1", body.at("/route/service").asText());
        assertEquals("opus", body.at("/route/model").asText());
        assertEquals("subscription", body.at("/route/routing/tier").asText());
        assertEquals(15, body.at("/route/tokensUsed/input").asInt() + body.at("/route/tokensUsed/output").asInt());
        assertEquals("opus::claude_code", body.at("/attempts/0/service").asText());
        assertEquals("rate_limited", body.at("/attempts/0/failureKind").asText());
        assertEquals("succeeded", body.at("/attempts/1/status").asText());
        assertEquals(JSON.valueToTree(result.structuredContent()), body);

        // The rate-limited route's breaker is open for every process: the next call skips it.
        JsonNode second = json(code(c, Map.of("prompt", "again")));
        assertEquals("skipped", second.at("/attempts/0/status").asText());
        assertTrue(second.at("/attempts/0/detail").asText().contains("breaker open"), second.toString());

        McpSchema.ReadResourceResult status = c.readResource(new McpSchema.ReadResourceRequest("harness-router://status.json"));
        JsonNode routes = JSON.readTree(((McpSchema.TextResourceContents) status.contents().get(0)).text());
        assertEquals("open", routes.at("/opus::claude_code/circuitBreaker/state").asText());
        assertTrue(routes.at("/opus::claude_code/circuitBreaker/reopensAt").isTextual());
        assertEquals(1, routes.at("/opus::claude_code/localRateLimitCount").asInt());
        assertEquals(2, routes.at("/opus::claude_code#1/localSuccessCount").asInt());
        assertTrue(routes.at("/gpt::127.0.0.1:" + api.port() + "/available").asBoolean(), routes.toString());

        McpSchema.ReadResourceResult text = c.readResource(new McpSchema.ReadResourceRequest("harness-router://status"));
        assertTrue(((McpSchema.TextResourceContents) text.contents().get(0)).text().contains("OPUS::CLAUDE_CODE#1"));
    }

    @Test
    void theMeteredPluginAnswersWhenTheModelHintPicksIt() throws Exception {
        McpSyncClient c = connect(config(standardConfig()));
        JsonNode body = json(code(c, Map.of("prompt", "x", "hints", Map.of("model", "gpt"))));
        assertEquals("gpt::127.0.0.1:" + api.port(), body.at("/route/service").asText(), body.toString());
        assertTrue(body.at("/route/success").asBoolean(), body.toString());
        assertEquals("Bearer sk-e2e-secret-key", api.lastRequest().authorization().orElseThrow());
        assertFalse(String.join("\n", stderr).contains("sk-e2e-secret-key"), "the key must not be logged");
    }

    @Test
    void fanoutAnswersFromEveryAvailableRoute() throws Exception {
        McpSyncClient c = connect(config(standardConfig()));
        JsonNode body = json(code(c, Map.of("prompt", "x", "mode", "fanout")));
        assertEquals("fanout", body.get("mode").asText());
        assertEquals(3, body.get("results").size(), body.toString());
        assertTrue(body.at("/results/0/success").asBoolean());
        assertFalse(body.at("/results/2/success").asBoolean());
        assertEquals("opus::claude_code", body.at("/results/2/service").asText());
    }

    @Test
    void aBrokenPluginJarIsReportedAndTheOthersServe() throws Exception {
        Path userPlugins = Files.createDirectories(home.resolve(".harness-router/plugins"));
        Files.writeString(userPlugins.resolve("broken.jar"), "not a jar");
        McpSyncClient c = connect(config(standardConfig()));
        JsonNode body = json(code(c, Map.of("prompt", "x")));
        assertTrue(body.at("/route/success").asBoolean(), body.toString());
        String dashboard = ((McpSchema.TextResourceContents) c.readResource(
                new McpSchema.ReadResourceRequest("harness-router://status")).contents().get(0)).text();
        assertTrue(dashboard.contains("broken.jar"), dashboard);
    }

    @Test
    void anUnusableStateDatabaseFallsBackToInMemoryStateAndSaysSo() throws Exception {
        Path notADirectory = Files.writeString(home.resolve("plain-file"), "x");
        McpSyncClient c = connect(config(standardConfig()), notADirectory.resolve("state.db"));
        JsonNode body = json(code(c, Map.of("prompt", "x")));
        assertTrue(body.at("/route/success").asBoolean(), body.toString());
        String dashboard = ((McpSchema.TextResourceContents) c.readResource(
                new McpSchema.ReadResourceRequest("harness-router://status")).contents().get(0)).text();
        assertTrue(dashboard.contains("routing with in-memory state"), dashboard);
        assertTrue(dashboard.contains(notADirectory.toString()), dashboard);
    }

    @Test
    void withoutAConfigTheServerStillServesAndCodeSaysWhatToDo() throws Exception {
        McpSyncClient c = connect(home.resolve("missing.yaml"));
        assertEquals("code", c.listTools().tools().get(0).name());
        CallToolResult result = code(c, Map.of("prompt", "x"));
        assertTrue(result.isError());
        String text = ((McpSchema.TextContent) result.content().get(0)).text();
        assertTrue(text.contains("missing.yaml:0: no config file here"), text);
        assertTrue(text.contains("--config <path>"), text);
    }

    @Test
    void malformedLinesGetErrorsStdoutStaysProtocolOnlyAndStdinEofExitsZero() throws Exception {
        Process p = rawServer(config(standardConfig()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(("not json\n{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                    + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}\n"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
                    + "[]\n{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}\n").getBytes(StandardCharsets.UTF_8));
        }
        List<JsonNode> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(JSON.readTree(line)); // every stdout line is JSON-RPC
            }
        }
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertEquals(4, lines.size(), lines.toString());
        // Our error replies are written as the lines are read; the SDK answers asynchronously.
        assertEquals(-32700, byId(lines, null, 0).at("/error/code").asInt());
        assertEquals(-32600, byId(lines, null, 1).at("/error/code").asInt());
        assertEquals("harness-router", byId(lines, 1, 0).at("/result/serverInfo/name").asText());
        assertEquals("code", byId(lines, 2, 0).at("/result/tools/0/name").asText());
    }

    @Test
    void sigtermExitsZeroAndKillsTheRunningCliWithItsChildren() throws Exception {
        Path pidFile = home.resolve("child.pid");
        Process p = startHangingCall(pidFile);
        long child = awaitPid(pidFile);
        assertTrue(FakeClis.isRunning(child), "the fake CLI's child should be running");
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        assertFalse(stillRunningAfter10s(child), "no orphan CLI process may survive the server");
    }

    @Test
    void aCancelledCallKillsTheRunningCliTreeAndTheServerKeepsServing() throws Exception {
        Path pidFile = home.resolve("cancel.pid");
        Process p = startHangingCall(pidFile);
        OutputStream in = p.getOutputStream();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals(1, JSON.readTree(out.readLine()).get("id").asInt());
        long child = awaitPid(pidFile);
        in.write("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":2}}\n"
                .getBytes(StandardCharsets.UTF_8));
        in.flush();
        JsonNode cancelled = JSON.readTree(out.readLine());
        assertEquals(2, cancelled.get("id").asInt());
        assertTrue(cancelled.at("/result/isError").asBoolean(), cancelled.toString());
        assertFalse(stillRunningAfter10s(child), "the cancelled CLI's child must be killed");
        in.write("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
        assertEquals("code", JSON.readTree(out.readLine()).at("/result/tools/0/name").asText());
        in.close();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
    }

    /**
     * Starts a raw server whose only route hangs (the fake CLI's child writes its pid to
     * {@code pidFile}), initializes it and sends one {@code code} call with JSON-RPC id 2.
     */
    private Process startHangingCall(Path pidFile) throws Exception {
        Path cfg = config("""
                priority: [opus]
                models:
                  opus:
                    subscription:
                      harness: claude_code
                      command: %s
                      env: {FAKE_CLAUDE_MODE: hang, FAKE_CLAUDE_PIDFILE: %s}
                """.formatted(claude, pidFile));
        Process p = rawServer(cfg);
        OutputStream in = p.getOutputStream();
        in.write(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\","
                + "\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}\n"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"code\",\"arguments\":"
                + "{\"prompt\":\"hang\"}}}\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        return p;
    }

    /** Waits for the fake CLI to write its background child's pid. */
    static long awaitPid(Path pidFile) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!(Files.exists(pidFile) && !Files.readString(pidFile).isBlank()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return Long.parseLong(Files.readString(pidFile).trim());
    }

    /** Whether the process is still alive 10 s from now (returns as soon as it is gone). */
    private static boolean stillRunningAfter10s(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (FakeClis.isRunning(pid) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return FakeClis.isRunning(pid);
    }

    private static JsonNode byId(List<JsonNode> lines, Integer id, int nth) {
        List<JsonNode> matching = lines.stream()
                .filter(l -> id == null ? l.get("id").isNull() : l.get("id").asInt() == id).toList();
        return matching.get(nth);
    }

    private Process rawServer(Path config) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(DIST.resolve("bin/harness-router").toString(), "--config",
                config.toString(), "--state-db", home.resolve("state.db").toString());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("E2E_API_KEY", "sk-e2e-secret-key");
        pb.redirectError(home.resolve("stderr.log").toFile());
        return pb.start();
    }
}
