package io.harnessrouter.host.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.api.DispatchEvent;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.TokenUsage;
import io.harnessrouter.host.routing.Router;
import io.harnessrouter.host.routing.RoutingFixture;
import io.harnessrouter.host.status.StatusReport;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stdio MCP server in process, over pipes, with a router over fake dispatchers: every
 * response field, the error tiers, malformed lines, progress and the status resources.
 */
@Timeout(60)
class StdioMcpServerTest {
    private static final ObjectMapper JSON = RawMcpClient.JSON;

    @TempDir
    Path tmp;

    private final RoutingFixture fixture = new RoutingFixture();
    private String unavailable;
    private StdioMcpServer server;
    private RawMcpClient client;

    private final RoutingService service = new RoutingService() {
        @Override
        public Router router() {
            if (unavailable != null) {
                throw new RoutingUnavailableException(unavailable);
            }
            return fixture.router();
        }

        @Override
        public StatusReport status() {
            return StatusReport.build(fixture.table(), fixture.store, fixture.clock.instant(), java.time.Duration.ofSeconds(300),
                    io.harnessrouter.host.status.ConfigStatus.loaded(Path.of("/cfg/config.yaml"), List.of()),
                    io.harnessrouter.host.status.Blockers.fromAvailabilityOnly(),
                    fixture.router().plan(io.harnessrouter.host.routing.RouteRequest.of("s", "")).stream().findFirst(),
                    List.of(), Optional.empty());
        }
    };

    private RawMcpClient start() throws Exception {
        PipedOutputStream clientOut = new PipedOutputStream();
        PipedInputStream serverIn = new PipedInputStream(clientOut, 1 << 20);
        PipedOutputStream serverOut = new PipedOutputStream();
        PipedInputStream clientIn = new PipedInputStream(serverOut, 1 << 20);
        server = new StdioMcpServer(service, "9.9.9", new ObjectMapper(), serverIn, serverOut, tmp);
        server.start();
        client = new RawMcpClient(clientOut, clientIn);
        client.initialize();
        return client;
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        fixture.close();
    }

    @Test
    void initializeAnswersWithServerInfoAndListsTheCodeToolWithTheNpmSchema() throws Exception {
        PipedOutputStream clientOut = new PipedOutputStream();
        PipedInputStream serverIn = new PipedInputStream(clientOut, 1 << 20);
        PipedOutputStream serverOut = new PipedOutputStream();
        PipedInputStream clientIn = new PipedInputStream(serverOut, 1 << 20);
        server = new StdioMcpServer(service, "9.9.9", new ObjectMapper(), serverIn, serverOut, tmp);
        server.start();
        client = new RawMcpClient(clientOut, clientIn);
        JsonNode init = client.initialize();
        assertEquals("harness-router", init.at("/result/serverInfo/name").asText());
        assertEquals("9.9.9", init.at("/result/serverInfo/version").asText());
        assertTrue(init.at("/result/capabilities/tools").isObject());
        assertTrue(init.at("/result/capabilities/resources").isObject());
        assertTrue(init.at("/result/instructions").asText().contains("harness-router://status"));

        JsonNode tools = client.call("tools/list", null);
        JsonNode code = tools.at("/result/tools/0");
        assertEquals("code", code.get("name").asText());
        assertEquals("Run a coding task", code.get("title").asText());
        JsonNode schema = code.get("inputSchema");
        assertEquals("[\"prompt\"]", schema.get("required").toString());
        assertFalse(schema.get("additionalProperties").asBoolean());
        assertEquals(List.of("prompt", "files", "workingDir", "mode", "hints", "models"), fieldNames(schema.get("properties")));
        assertEquals(1000000, schema.at("/properties/prompt/maxLength").asInt());
        assertEquals(256, schema.at("/properties/files/maxItems").asInt());

        JsonNode resources = client.call("resources/list", null);
        assertEquals("harness-router://status", resources.at("/result/resources/0/uri").asText());
        assertEquals("harness-router://status.json", resources.at("/result/resources/1/uri").asText());
    }

    @Test
    void successfulCallReturnsEveryNpmFieldInOrderAsTextAndStructuredContent() throws Exception {
        fixture.subscription("opus", "claude_code").always(DispatchResult.success("done")
                .tokenUsage(new TokenUsage(10, 2)).duration(Duration.ofMillis(42)).build());
        fixture.priority("opus");
        start();

        JsonNode response = client.callTool("{\"prompt\":\"write hello world\"}", new ArrayList<>(), null);
        JsonNode result = response.get("result");
        assertFalse(result.get("isError").asBoolean());
        JsonNode text = JSON.readTree(result.at("/content/0/text").asText());
        assertEquals(text, result.get("structuredContent"));
        assertEquals("single", text.get("mode").asText());
        JsonNode route = text.get("route");
        assertEquals(List.of("success", "output", "service", "durationMs", "tokensUsed", "model", "routing"),
                fieldNames(route));
        assertTrue(route.get("success").asBoolean());
        assertEquals("done", route.get("output").asText());
        assertEquals("opus::claude_code", route.get("service").asText());
        assertEquals(42, route.get("durationMs").asLong());
        assertEquals("{\"input\":10,\"output\":2}", route.get("tokensUsed").toString());
        assertEquals("opus", route.get("model").asText());
        assertEquals("{\"model\":\"opus\",\"tier\":\"subscription\",\"quotaScore\":1.0,"
                + "\"reason\":\"model=opus tier=subscription svc=opus::claude_code quota=1.00 (1 candidate)\"}",
                route.get("routing").toString());
        JsonNode attempt = text.at("/attempts/0");
        assertEquals("opus::claude_code", attempt.get("service").asText());
        assertEquals("succeeded", attempt.get("status").asText());
        assertTrue(client.nonJsonLines().isEmpty());
    }

    @Test
    void rateLimitedRouteFailsOverAndTheTraceShowsBothAttempts() throws Exception {
        fixture.subscription("opus", "claude_code").always(DispatchResult.failure(FailureKind.RATE_LIMITED,
                "API Error: Request rejected (429)").retryAfter(Duration.ofSeconds(30)).build());
        fixture.subscription("opus", "codex");
        fixture.priority("opus");
        start();

        JsonNode text = toolJson(client.callTool("{\"prompt\":\"x\"}", new ArrayList<>(), null));
        assertEquals("opus::codex", text.at("/route/service").asText());
        assertEquals("answer from opus::codex", text.at("/route/output").asText());
        assertEquals(2, text.get("attempts").size());
        assertEquals("failed", text.at("/attempts/0/status").asText());
        assertEquals("rate_limited", text.at("/attempts/0/failureKind").asText());
        assertEquals("API Error: Request rejected (429)", text.at("/attempts/0/detail").asText());
        assertEquals("2026-11-22T14:00:30Z", text.at("/attempts/0/retryAt").asText());

        JsonNode second = toolJson(client.callTool("{\"prompt\":\"x\"}", new ArrayList<>(), null));
        assertEquals("skipped", second.at("/attempts/0/status").asText());
        assertTrue(second.at("/attempts/0/detail").asText().contains("breaker open"),
                second.at("/attempts/0/detail").asText());
    }

    @Test
    void whenEveryRouteFailsTheResultIsAToolErrorThatNamesEachRouteAndTheNextStep() throws Exception {
        fixture.subscription("opus", "claude_code").always(DispatchResult.failure(FailureKind.RATE_LIMITED,
                "API Error: Request rejected (429)").retryAfter(Duration.ofSeconds(300)).build());
        fixture.metered("opus", "api.anthropic.com").always(DispatchResult.failure(FailureKind.AUTH,
                "HTTP 401: invalid x-api-key").build());
        fixture.priority("opus");
        start();

        JsonNode result = client.callTool("{\"prompt\":\"x\"}", new ArrayList<>(), null).get("result");
        assertTrue(result.get("isError").asBoolean());
        JsonNode route = JSON.readTree(result.at("/content/0/text").asText()).get("route");
        assertFalse(route.get("success").asBoolean());
        String error = route.get("error").asText();
        assertTrue(error.contains("opus::claude_code: rate limited"), error);
        assertTrue(error.contains("opus::api.anthropic.com: HTTP 401: invalid x-api-key"), error);
        assertTrue(error.contains("Next:"), error);
        assertEquals("auth", route.get("failureKind").asText());
    }

    @Test
    void malformedLinesEachGetAJsonRpcErrorAndTheServerKeepsServing() throws Exception {
        start();
        client.sendLine("this is not json");
        assertError(client.next(), null, -32700);
        client.sendLine("[1,2,3]");
        assertError(client.next(), null, -32600);
        client.sendLine("{\"jsonrpc\":\"2.0\",\"id\":7}");
        assertError(client.next(), 7, -32600);
        client.sendLine("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"tools/list\",\"params\":5}");
        assertError(client.next(), 8, -32600);
        client.sendLine("{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":\"tools/list\",\"params\":[1]}");
        assertError(client.next(), 10, -32602);
        client.sendLine("{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"tools/list\"}");
        assertError(client.next(), null, -32600);
        client.sendLine("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"no/such/method\"}");
        assertEquals(-32601, client.next().at("/error/code").asInt());
        JsonNode tools = client.call("tools/list", null);
        assertEquals("code", tools.at("/result/tools/0/name").asText());
    }

    @Test
    void extraPropertiesAndBadPathsAreRejectedBeforeRouting() throws Exception {
        var d = fixture.subscription("opus", "claude_code");
        fixture.priority("opus");
        start();
        JsonNode extra = client.callTool("{\"prompt\":\"x\",\"bogus\":1}", new ArrayList<>(), null).get("result");
        assertTrue(extra.get("isError").asBoolean());
        assertTrue(extra.at("/content/0/text").asText().contains("bogus"), extra.toString());

        JsonNode relative = client.callTool("{\"prompt\":\"x\",\"workingDir\":\"src\"}", new ArrayList<>(), null).get("result");
        assertTrue(relative.get("isError").asBoolean());
        assertEquals("Invalid arguments for tool code: workingDir must be an absolute path or empty, got \"src\"",
                relative.at("/content/0/text").asText());

        JsonNode files = client.callTool("{\"prompt\":\"x\",\"files\":[\"a.txt\"]}", new ArrayList<>(), null).get("result");
        assertEquals("Invalid arguments for tool code: files must be absolute paths, got \"a.txt\"",
                files.at("/content/0/text").asText());

        JsonNode empty = client.callTool("{\"prompt\":\"  \"}", new ArrayList<>(), null).get("result");
        assertEquals("Invalid arguments for tool code: prompt is empty", empty.at("/content/0/text").asText());
        assertEquals(0, d.calls());
    }

    @Test
    void filesAndWorkingDirReachTheDispatcher() throws Exception {
        var d = fixture.subscription("opus", "claude_code");
        fixture.priority("opus");
        start();
        String args = "{\"prompt\":\"x\",\"files\":[\"/abs/a.txt\"],\"workingDir\":\"" + tmp + "\"}";
        toolJson(client.callTool(args, new ArrayList<>(), null));
        assertEquals(List.of(Path.of("/abs/a.txt")), d.requests().get(0).files());
        assertEquals(Optional.of(tmp), d.requests().get(0).workingDir());
        assertEquals("cli-opus", d.requests().get(0).model());
    }

    @Test
    void streamedEventsBecomeProgressNotificationsWhenTheCallAsksForThem() throws Exception {
        fixture.subscription("opus", "claude_code").streaming(new DispatchEvent.Text("hello there"),
                new DispatchEvent.ToolUse("Edit", "{\"file\":\"a\"}"),
                new DispatchEvent.ToolResult("Bash", "3 tests failed\nFooTest", true));
        fixture.priority("opus");
        start();
        List<JsonNode> seen = new ArrayList<>();
        client.callTool("{\"prompt\":\"x\"}", seen, "tok-1");
        List<String> messages = new ArrayList<>();
        for (JsonNode n : seen) {
            assertEquals("notifications/progress", n.get("method").asText());
            assertEquals("tok-1", n.at("/params/progressToken").asText());
            messages.add(n.at("/params/message").asText());
        }
        assertEquals(List.of(
                "[opus::claude_code] attempt: model=opus tier=subscription svc=opus::claude_code quota=1.0...",
                "[opus::claude_code] text: hello there",
                "[opus::claude_code] tool_use: Edit",
                "[opus::claude_code] tool_result: Bash failed: 3 tests failed FooTest",
                "[opus::claude_code] completion: ok"), messages);
        assertEquals("Edit", seen.get(2).at("/params/_meta/event/name").asText());
        assertEquals("opus::claude_code", seen.get(2).at("/params/_meta/service").asText());
        assertEquals("tool_result", seen.get(3).at("/params/_meta/event/type").asText());
        assertEquals("3 tests failed\nFooTest", seen.get(3).at("/params/_meta/event/output").asText());
        assertTrue(seen.get(3).at("/params/_meta/event/isError").asBoolean());

        List<JsonNode> none = new ArrayList<>();
        client.callTool("{\"prompt\":\"x\"}", none, null);
        assertTrue(none.isEmpty(), "no progress without a token: " + none);
    }

    @Test
    void aBrokenConfigLeavesToolsListedAndCodeAnswersWithTheProblem() throws Exception {
        unavailable = "Config /cfg/config.yaml has 1 problem:\n  /cfg/config.yaml:3: priority: must be a list";
        start();
        assertEquals("code", client.call("tools/list", null).at("/result/tools/0/name").asText());
        JsonNode result = client.callTool("{\"prompt\":\"x\"}", new ArrayList<>(), null).get("result");
        assertTrue(result.get("isError").asBoolean());
        assertEquals(unavailable, result.at("/content/0/text").asText());
    }

    @Test
    void fanoutReturnsOneResultPerRouteSuccessFirst() throws Exception {
        fixture.subscription("opus", "claude_code").always(DispatchResult.failure(FailureKind.OTHER, "boom").build());
        fixture.subscription("sonnet", "codex");
        fixture.priority("opus", "sonnet");
        start();
        JsonNode text = toolJson(client.callTool("{\"prompt\":\"x\",\"mode\":\"fanout\"}", new ArrayList<>(), null));
        assertEquals("fanout", text.get("mode").asText());
        assertEquals(2, text.get("results").size());
        assertEquals("sonnet::codex", text.at("/results/0/service").asText());
        assertTrue(text.at("/results/0/success").asBoolean());
        assertEquals("opus::claude_code", text.at("/results/1/service").asText());
        assertEquals("boom", text.at("/results/1/error").asText());
        assertEquals(List.of("service", "model", "tier", "success", "output", "error", "durationMs"),
                fieldNames(text.at("/results/1")));
    }

    @Test
    void statusResourcesShowHowManyDispatchesAreInFlightOfTheRoutesCap() throws Exception {
        fixture.subscription("opus", "claude_code");
        fixture.priority("opus");
        start();
        fixture.store.tryAcquireSlot("opus::claude_code", 4);
        JsonNode json = client.call("resources/read", JSON.createObjectNode().put("uri", "harness-router://status.json"));
        JsonNode route = JSON.readTree(json.at("/result/contents/0/text").asText()).get("opus::claude_code");
        assertEquals(1, route.get("inFlight").asInt(), route.toString());
        assertEquals(4, route.get("maxConcurrent").asInt(), route.toString());
        String dashboard = client.call("resources/read", JSON.createObjectNode().put("uri", "harness-router://status"))
                .at("/result/contents/0/text").asText();
        assertTrue(dashboard.contains("      in flight  : 1 of at most 4 at once (all processes)\n"), dashboard);
    }

    @Test
    void statusResourcesShowCountersAndTheOpenBreakerWithItsReopenTime() throws Exception {
        fixture.subscription("opus", "claude_code").always(DispatchResult.failure(FailureKind.RATE_LIMITED,
                "429").retryAfter(Duration.ofSeconds(60)).build());
        fixture.priority("opus");
        start();
        client.callTool("{\"prompt\":\"x\"}", new ArrayList<>(), null);

        JsonNode json = client.call("resources/read", JSON.createObjectNode().put("uri", "harness-router://status.json"));
        assertEquals("application/json", json.at("/result/contents/0/mimeType").asText());
        JsonNode route = JSON.readTree(json.at("/result/contents/0/text").asText()).get("opus::claude_code");
        assertEquals(1, route.get("localCallCount").asInt());
        assertEquals(1, route.get("localFailureCount").asInt());
        assertEquals(1, route.get("localRateLimitCount").asInt());
        assertEquals("open", route.at("/circuitBreaker/state").asText());
        assertEquals("2026-11-22T14:01:00Z", route.at("/circuitBreaker/reopensAt").asText());
        assertEquals(60.0, route.at("/circuitBreaker/cooldownRemainingSec").asDouble());

        JsonNode text = client.call("resources/read", JSON.createObjectNode().put("uri", "harness-router://status"));
        String dashboard = text.at("/result/contents/0/text").asText();
        assertTrue(dashboard.startsWith("harness-router — status dashboard"), dashboard);
        assertTrue(dashboard.contains("[✓] OPUS::CLAUDE_CODE"), dashboard);
        assertTrue(dashboard.contains("⚡ OPEN — 60s until a probe is allowed"), dashboard);
        assertTrue(dashboard.contains("Ready to route: none"), dashboard);
        assertTrue(dashboard.contains("Recent attempts (all processes, newest first):\n"
                + "  2026-11-22T14:00:00Z  fail  opus::claude_code  0 ms  rate_limited: 429\n"), dashboard);

        JsonNode missing = client.call("resources/read", JSON.createObjectNode().put("uri", "harness-router://nope"));
        assertTrue(missing.has("error"), missing.toString());
    }

    @Test
    void shutdownAtStdinEofCancelsTheCallInFlightAndStillAnswersIt() throws Exception {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();
        fixture.subscription("opus", "claude_code").always(r -> {
            started.countDown();
            try {
                TimeUnit.SECONDS.sleep(30);
                return DispatchResult.success("not cancelled").build();
            } catch (InterruptedException e) {
                interrupted.set(true);
                Thread.currentThread().interrupt();
                return DispatchResult.failure(FailureKind.CANCELLED, "cancelled").build();
            }
        });
        fixture.priority("opus");
        start();
        int id = client.request("tools/call", JSON.readTree("{\"name\":\"code\",\"arguments\":{\"prompt\":\"x\"}}"));
        assertTrue(started.await(10, TimeUnit.SECONDS));
        client.close();
        server.awaitEnd();
        long t0 = System.nanoTime();
        server.shutdown("stdin closed", Duration.ofSeconds(5));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "shutdown does not wait out the call");
        assertTrue(interrupted.get(), "the dispatch was interrupted");
        JsonNode response = client.awaitResponse(id, new ArrayList<>());
        assertTrue(response.at("/result/isError").asBoolean(), response.toString());
        assertEquals(0, server.inFlight());
        assertEquals(FailureKind.CANCELLED, fixture.store.recentAttempts(10).get(0).kind(), "the cancelled attempt is recorded");
    }

    @Test
    void aCancelledCallStopsItsDispatchAndTheThreadIsReusableAfterwards() throws Exception {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();
        var d = fixture.subscription("opus", "claude_code");
        d.then(r -> {
            started.countDown();
            try {
                TimeUnit.SECONDS.sleep(30);
                return DispatchResult.success("not cancelled").build();
            } catch (InterruptedException e) {
                interrupted.set(true);
                Thread.currentThread().interrupt();
                return DispatchResult.failure(FailureKind.CANCELLED, "cancelled").build();
            }
        });
        fixture.priority("opus");
        start();
        int id = client.request("tools/call", JSON.readTree("{\"name\":\"code\",\"arguments\":{\"prompt\":\"x\"}}"));
        assertTrue(started.await(10, TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        client.sendLine("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":" + id
                + ",\"reason\":\"user pressed stop\"}}");
        JsonNode response = client.awaitResponse(id, new ArrayList<>());
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "answered promptly");
        assertTrue(interrupted.get(), "the dispatch saw the interrupt");
        assertTrue(response.at("/result/isError").asBoolean());
        assertEquals("The call was cancelled by the client; the running CLI was stopped.",
                response.at("/result/content/0/text").asText());
        // The next call on the (pooled) handler thread is not hit by a stale interrupt.
        JsonNode next = toolJson(client.callTool("{\"prompt\":\"y\"}", new ArrayList<>(), null));
        assertTrue(next.at("/route/success").asBoolean(), next.toString());
        // A cancellation for a request that already finished does nothing.
        client.sendLine("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":" + id + "}}");
        assertTrue(toolJson(client.callTool("{\"prompt\":\"z\"}", new ArrayList<>(), null)).at("/route/success").asBoolean());
    }

    private static void assertError(JsonNode msg, Integer id, int code) {
        assertEquals(code, msg.at("/error/code").asInt(), msg.toString());
        if (id == null) {
            assertTrue(msg.get("id").isNull(), msg.toString());
        } else {
            assertEquals(id.intValue(), msg.get("id").asInt(), msg.toString());
        }
    }

    private static JsonNode toolJson(JsonNode response) throws Exception {
        return JSON.readTree(response.at("/result/content/0/text").asText());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
