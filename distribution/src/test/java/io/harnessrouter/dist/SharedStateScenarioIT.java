package io.harnessrouter.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.api.testkit.FakeClis;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenarios with more than one server process on one state file, and a config edited under a
 * running server: what a user with several MCP host sessions open sees.
 */
@Timeout(120)
class SharedStateScenarioIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIST = Path.of(System.getProperty("harness-router.dist", "../dist/harness-router"));

    @TempDir
    Path home;

    private Path claude;
    private Path modeFile;
    private Path config;
    private final List<McpSyncClient> clients = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        claude = FakeClis.install("claude", Files.createDirectories(home.resolve("bin")));
        modeFile = home.resolve("first-route.mode");
        config = home.resolve("config.yaml");
        Files.writeString(config, """
                priority: [opus]
                models:
                  opus:
                    subscription:
                      - harness: claude_code
                        command: %1$s
                        env: {FAKE_CLAUDE_MODE_FILE: %2$s, FAKE_CLAUDE_RETRY_AFTER: "1", FAKE_CLAUDE_ANSWER: first}
                      - harness: claude_code
                        command: %1$s
                        env: {FAKE_CLAUDE_ANSWER: second}
                """.formatted(claude, modeFile));
    }

    @AfterEach
    void tearDown() {
        clients.forEach(McpSyncClient::closeGracefully);
    }

    private McpSyncClient server() {
        ServerParameters params = ServerParameters.builder(DIST.resolve("bin/harness-router").toString())
                .args("--config", config.toString(), "--state-db", home.resolve("state.db").toString())
                .env(Map.of("HOME", home.toString(), "PATH", System.getenv("PATH")))
                .build();
        McpSyncClient c = McpClient.sync(new StdioClientTransport(params, new JacksonMcpJsonMapper(JSON)))
                .requestTimeout(Duration.ofSeconds(60)).build();
        c.initialize();
        clients.add(c);
        return c;
    }

    private static JsonNode code(McpSyncClient c) throws Exception {
        var result = c.callTool(new McpSchema.CallToolRequest("code", Map.of("prompt", "x")));
        return JSON.readTree(((McpSchema.TextContent) result.content().get(0)).text());
    }

    private static JsonNode status(McpSyncClient c) throws Exception {
        var r = c.readResource(new McpSchema.ReadResourceRequest("harness-router://status.json"));
        return JSON.readTree(((McpSchema.TextResourceContents) r.contents().get(0)).text());
    }

    @Test
    void aBreakerOpenedByOneProcessIsRespectedByAnotherWhichThenProbesAndClosesIt() throws Exception {
        Files.writeString(modeFile, "rate_limit\n");
        McpSyncClient a = server();
        McpSyncClient b = server();

        JsonNode first = code(a);
        assertEquals("second", first.at("/route/output").asText());
        assertEquals("rate_limited", first.at("/attempts/0/failureKind").asText());

        // Process B never saw the rate limit, yet skips the route: the breaker lives in the state file.
        JsonNode inB = code(b);
        assertEquals("skipped", inB.at("/attempts/0/status").asText(), inB.toString());
        assertEquals("opus::claude_code", inB.at("/attempts/0/service").asText());
        assertEquals("second", inB.at("/route/output").asText());

        // The provider recovers; after the 1 s retry-after one caller gets the half-open probe.
        Files.writeString(modeFile, "ok\n");
        Instant reopen = Instant.parse(status(a).at("/opus::claude_code/circuitBreaker/reopensAt").asText());
        while (Instant.now().isBefore(reopen.plusMillis(100))) {
            Thread.sleep(50);
        }
        JsonNode probe = code(b);
        assertEquals("first", probe.at("/route/output").asText(), probe.toString());
        assertTrue(probe.at("/route/routing/reason").asText().startsWith("half-open probe; "), probe.toString());

        // A sees the breaker closed and uses the route directly again.
        assertEquals("closed", status(a).at("/opus::claude_code/circuitBreaker/state").asText());
        JsonNode after = code(a);
        assertEquals("first", after.at("/route/output").asText());
        assertEquals(1, after.get("attempts").size());
        assertEquals(4, status(b).at("/opus::claude_code/localCallCount").asInt() + status(b)
                .at("/opus::claude_code#1/localCallCount").asInt() - 1);
    }

    @Test
    void aBrokenEditKeepsTheLastGoodConfigAndAFixedEditIsPickedUpWithoutRestart() throws Exception {
        McpSyncClient c = server();
        assertEquals("first", code(c).at("/route/output").asText());

        String good = Files.readString(config);
        Files.writeString(config, good.replace("priority: [opus]", "priority: [opus, nope]"));
        bumpMtime();
        JsonNode stillWorks = code(c);
        assertEquals("first", stillWorks.at("/route/output").asText(), stillWorks.toString());
        String dashboard = ((McpSchema.TextResourceContents) c.readResource(
                new McpSchema.ReadResourceRequest("harness-router://status")).contents().get(0)).text();
        assertTrue(dashboard.contains("the last edit was refused"), dashboard);
        assertTrue(dashboard.contains("config.yaml:1: priority[1]"), dashboard);

        Files.writeString(config, good.replace("FAKE_CLAUDE_ANSWER: first", "FAKE_CLAUDE_ANSWER: edited"));
        bumpMtime();
        JsonNode reloaded = code(c);
        assertEquals("edited", reloaded.at("/route/output").asText(), reloaded.toString());
        assertFalse(((McpSchema.TextResourceContents) c.readResource(
                new McpSchema.ReadResourceRequest("harness-router://status")).contents().get(0)).text()
                .contains("the last edit was refused"));
    }

    /** File systems with coarse timestamps could hide an edit made within the same tick. */
    private void bumpMtime() throws Exception {
        Files.setLastModifiedTime(config, FileTime.from(Instant.now().plusSeconds(2)));
        Thread.sleep(300); // the reloader checks at most every 250 ms
    }
}
