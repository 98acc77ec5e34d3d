package io.harnessrouter.host.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessrouter.host.config.HttpLimits;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} driven by the MCP Java SDK's own Streamable HTTP client: the bearer token, the
 * {@code code} tool with progress, two sessions sharing one router's breakers and counters, and a
 * token rotated while the server runs.
 */
@Timeout(90)
class HttpSdkClientTest {
    @TempDir
    Path home;
    private HttpFixture f;
    private final List<McpSyncClient> clients = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(c -> {
            try {
                c.closeGracefully();
            } catch (RuntimeException e) {
                // the server may already have refused it
            }
        });
        if (f != null) {
            f.close();
        }
    }

    private McpSyncClient client(Supplier<String> token, List<McpSchema.ProgressNotification> progress) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(f.url())
                .endpoint("/mcp")
                .httpRequestCustomizer((builder, method, uri, body, ctx) -> {
                    String t = token.get();
                    if (t != null) {
                        builder.header("Authorization", "Bearer " + t);
                    }
                })
                .build();
        McpSyncClient c = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30))
                .progressConsumer(progress::add).build();
        clients.add(c);
        return c;
    }

    private static McpSchema.CallToolResult code(McpSyncClient c, String prompt) {
        return c.callTool(McpSchema.CallToolRequest.builder().name("code").arguments(Map.of("prompt", prompt))
                .progressToken("p-" + prompt).build());
    }

    private static String text(McpSchema.CallToolResult r) {
        return ((McpSchema.TextContent) r.content().get(0)).text();
    }

    @Test
    void theSdkClientCallsTheCodeToolWithTheTokenAndGetsProgress() throws Exception {
        f = new HttpFixture(home).start(true, HttpLimits.DEFAULTS);
        List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
        McpSyncClient c = client(f::token, progress);

        c.initialize();
        McpSchema.CallToolResult r = code(c, "hello");

        assertFalse(r.isError(), text(r));
        assertTrue(text(r).contains("ok from claude"), text(r));
        assertFalse(progress.isEmpty(), "progress notifications reach the SDK client over the call's SSE stream");
        assertEquals("p-hello", progress.get(0).progressToken());
        assertEquals(List.of("code"), c.listTools().tools().stream().map(McpSchema.Tool::name).toList());
    }

    @Test
    void theSdkClientWithoutTheTokenCannotInitialize() throws Exception {
        f = new HttpFixture(home).start(true, HttpLimits.DEFAULTS);
        McpSyncClient c = client(() -> null, new CopyOnWriteArrayList<>());

        RuntimeException e = assertThrows(RuntimeException.class, c::initialize);

        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            chain.append(t).append(" <- ");
        }
        // The SDK turns a 401 (and only a 401) into McpHttpClientTransportAuthorizationException.
        assertTrue(chain.toString().contains("McpHttpClientTransportAuthorizationException"), chain.toString());
    }

    @Test
    void twoConcurrentSessionsShareOneRoutersCountersAndBreakers() throws Exception {
        Path modeFile = home.resolve("claude-mode");
        Files.writeString(modeFile, "ok\n");
        f = new HttpFixture(home);
        f.env.put("FAKE_CLAUDE_MODE_FILE", modeFile.toString());
        f.start(true, HttpLimits.DEFAULTS);
        McpSyncClient a = client(f::token, new CopyOnWriteArrayList<>());
        McpSyncClient b = client(f::token, new CopyOnWriteArrayList<>());
        a.initialize();
        b.initialize();

        Thread other = new Thread(() -> code(b, "from-b"));
        other.start();
        assertFalse(code(a, "from-a").isError());
        other.join();
        JsonNode afterTwo = statusJson(b);
        assertEquals(2, afterTwo.at("/opus::claude_code/localCallCount").asInt(), afterTwo.toString());

        Files.writeString(modeFile, "crash\n");
        assertTrue(code(a, "breaks-it").isError());
        JsonNode seenByB = statusJson(b);
        assertEquals("open", seenByB.at("/opus::claude_code/circuitBreaker/state").asText(), seenByB.toString());
        McpSchema.CallToolResult refused = code(b, "refused");
        assertTrue(refused.isError());
        assertEquals(3, statusJson(a).at("/opus::claude_code/localCallCount").asInt(),
                "b's call met the breaker a's failure opened: no CLI ran for it");
    }

    @Test
    void aRotatedTokenIsAcceptedAndTheOldOneRefusedWithoutARestart() throws Exception {
        f = new HttpFixture(home).start(true, HttpLimits.DEFAULTS);
        String old = f.token();
        McpSyncClient before = client(() -> old, new CopyOnWriteArrayList<>());
        before.initialize();

        String fresh = f.tokenFile.rotate();

        assertEquals(401, f.send(f.post(HttpFixture.INIT, "Authorization", "Bearer " + old)).statusCode());
        assertEquals(200, f.send(f.post(HttpFixture.INIT, "Authorization", "Bearer " + fresh)).statusCode());
        assertThrows(RuntimeException.class, () -> code(before, "with-the-old-token"));
        McpSyncClient after = client(() -> fresh, new CopyOnWriteArrayList<>());
        after.initialize();
        assertFalse(code(after, "with-the-new-token").isError());
    }

    private static JsonNode statusJson(McpSyncClient c) throws Exception {
        McpSchema.ReadResourceResult r = c.readResource(new McpSchema.ReadResourceRequest("harness-router://status.json"));
        return HttpFixture.JSON.readTree(((McpSchema.TextResourceContents) r.contents().get(0)).text());
    }
}
