package io.harnessrouter.host.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.host.routing.RoutingFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The stdio transport against a hostile client: every line JSON-RPC 2.0 forbids gets the error
 * it prescribes (or, for a notification, nothing), and every valid request before and after it
 * is still answered exactly once; concurrent answers are never lost.
 */
@Timeout(60)
class StdioTransportTest {
    @TempDir
    Path tmp;

    private InProcessServer s;

    @AfterEach
    void stop() throws Exception {
        if (s != null) {
            s.close();
        }
    }

    private RawMcpClient start() throws Exception {
        RoutingFixture fixture = new RoutingFixture();
        fixture.subscription("opus", "claude_code");
        fixture.priority("opus");
        s = new InProcessServer(fixture, tmp, null);
        s.client.initialize();
        return s.client;
    }

    static Stream<Arguments> badLines() {
        String ok = "\"jsonrpc\":\"2.0\",\"method\":\"tools/list\"";
        return Stream.of(
                Arguments.of("no jsonrpc", "{\"id\":3,\"method\":\"tools/list\"}", 3, -32600),
                Arguments.of("jsonrpc 1.0", "{\"jsonrpc\":\"1.0\",\"id\":4,\"method\":\"tools/list\"}", 4, -32600),
                Arguments.of("jsonrpc a number", "{\"jsonrpc\":2.0,\"id\":5,\"method\":\"tools/list\"}", 5, -32600),
                Arguments.of("id beyond 64 bits", "{" + ok + ",\"id\":99999999999999999999}", null, -32600),
                Arguments.of("fractional id", "{" + ok + ",\"id\":1.5}", null, -32600),
                Arguments.of("object id", "{" + ok + ",\"id\":{\"a\":1}}", null, -32600),
                Arguments.of("array id", "{" + ok + ",\"id\":[1]}", null, -32600),
                Arguments.of("boolean id", "{" + ok + ",\"id\":true}", null, -32600),
                Arguments.of("null id on a request", "{" + ok + ",\"id\":null}", null, -32600),
                Arguments.of("method a number", "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":42}", 6, -32600),
                Arguments.of("params a string", "{" + ok + ",\"id\":7,\"params\":\"x\"}", 7, -32600),
                Arguments.of("params a number", "{" + ok + ",\"id\":8,\"params\":5}", 8, -32600),
                Arguments.of("params an array", "{" + ok + ",\"id\":9,\"params\":[1,2]}", 9, -32602),
                Arguments.of("neither method nor result", "{\"jsonrpc\":\"2.0\",\"id\":10}", 10, -32600),
                Arguments.of("a batch", "[{" + ok + ",\"id\":11}]", null, -32600),
                Arguments.of("a scalar", "42", null, -32600),
                Arguments.of("not JSON", "hello", null, -32700),
                Arguments.of("truncated JSON", "{\"jsonrpc\":\"2.0\",\"id\":12,", null, -32700),
                Arguments.of("trailing garbage", "{" + ok + ",\"id\":13} trailing", null, -32700));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLines")
    void aMalformedLineGetsItsJsonRpcErrorAndRequestsAroundItAreServed(String what, String line, Integer id, int code)
            throws Exception {
        RawMcpClient c = start();
        int before = c.request("tools/list", null);
        c.sendLine(line);
        int after = c.request("tools/list", null);
        List<JsonNode> got = List.of(c.next(), c.next(), c.next());
        assertEquals(1, count(got, m -> m.path("id").asInt() == before && m.has("result")), got.toString());
        assertEquals(1, count(got, m -> m.path("id").asInt() == after && m.has("result")), got.toString());
        JsonNode error = got.stream().filter(m -> m.has("error")).findFirst().orElseThrow();
        assertEquals(code, error.at("/error/code").asInt(), error.toString());
        if (id == null) {
            assertTrue(error.get("id").isNull(), error.toString());
        } else {
            assertEquals(id.intValue(), error.get("id").asInt(), error.toString());
        }
        assertEquals("2.0", error.get("jsonrpc").asText());
        assertTrue(c.nonJsonLines().isEmpty(), c.nonJsonLines().toString());
    }

    @Test
    void malformedNotificationsAreDroppedWithoutAReplyBlankLinesIgnoredNegativeAndStringIdsServed() throws Exception {
        RawMcpClient c = start();
        c.sendLine("{\"method\":\"notifications/progress\"}");
        c.sendLine("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/x\",\"params\":7}");
        c.sendLine("");
        c.sendLine("   \t  ");
        c.sendLine("\r");
        c.sendLine("{\"jsonrpc\":\"2.0\",\"id\":-5,\"method\":\"ping\"}");
        c.sendLine("{\"jsonrpc\":\"2.0\",\"id\":\"abc\",\"method\":\"ping\"}");
        c.sendLine("{\"jsonrpc\":\"2.0\",\"id\":9223372036854775807,\"method\":\"ping\"}");
        Map<String, JsonNode> byId = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            JsonNode m = c.next();
            byId.put(m.get("id").toString(), m);
        }
        JsonNode a = byId.get("-5");
        JsonNode b = byId.get("\"abc\"");
        JsonNode d = byId.get("9223372036854775807");
        assertTrue(a.has("result"), byId.toString());
        assertTrue(b.has("result"), byId.toString());
        assertTrue(b.get("id").isTextual());
        assertTrue(d.has("result"));
    }

    @Test
    void invalidUtf8IsAParseErrorAndTheNextLineIsServed() throws Exception {
        RawMcpClient c = start();
        byte[] bad = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"x\":\"\u00ff\"}\n".getBytes(StandardCharsets.ISO_8859_1);
        s.sendBytes(bad);
        s.sendBytes(new byte[] {(byte) 0xc3, (byte) 0x28, '\n'});
        assertError(c.next(), -32700);
        assertError(c.next(), -32700);
        assertTrue(c.call("ping", null).has("result"));
    }

    @Test
    void aFiveMegabyteRequestIsReadWholeAndAnsweredAndAnOverlongLineIsRefusedWithoutEndingTheSession()
            throws Exception {
        RawMcpClient c = start();
        String prompt = "p".repeat(5 * 1024 * 1024);
        c.sendLine("{\"jsonrpc\":\"2.0\",\"id\":21,\"method\":\"tools/call\",\"params\":{\"name\":\"code\","
                + "\"arguments\":{\"prompt\":\"" + prompt + "\"}}}");
        JsonNode big = c.next();
        assertEquals(21, big.get("id").asInt());
        assertTrue(big.at("/result/isError").asBoolean(), "a 5 MB prompt is over the schema's limit");
        assertTrue(big.at("/result/content/0/text").asText().contains("prompt"), big.toString());

        byte[] huge = new byte[StdioTransport.MAX_LINE_BYTES + 10];
        java.util.Arrays.fill(huge, (byte) 'x');
        s.sendBytes(huge);
        s.sendBytes(new byte[] {'\n'});
        JsonNode refused = c.next();
        assertError(refused, -32600);
        assertTrue(refused.at("/error/message").asText().contains("longer than"), refused.toString());
        assertTrue(c.call("ping", null).has("result"));
    }

    @Test
    void aDuplicateIdWhileTheFirstRequestIsInFlightIsRefusedAndTheFirstIsAnsweredOnce() throws Exception {
        RoutingFixture fixture = new RoutingFixture();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        fixture.subscription("opus", "claude_code").always(r -> {
            started.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return DispatchResult.success("first").build();
        });
        fixture.priority("opus");
        s = new InProcessServer(fixture, tmp, null);
        RawMcpClient c = s.client;
        c.initialize();
        String call = "{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":\"tools/call\",\"params\":{\"name\":\"code\","
                + "\"arguments\":{\"prompt\":\"x\"}}}";
        c.sendLine(call);
        assertTrue(started.await(10, TimeUnit.SECONDS));
        c.sendLine(call);
        JsonNode refused = c.next();
        assertError(refused, -32600);
        assertTrue(refused.at("/error/message").asText().contains("77"), refused.toString());
        release.countDown();
        JsonNode answer = c.next();
        assertEquals(77, answer.get("id").asInt());
        assertFalse(answer.at("/result/isError").asBoolean(), answer.toString());
        // Once answered, the id may be used again.
        release.countDown();
        c.sendLine(call);
        assertEquals(77, c.next().get("id").asInt());
    }

    @Test
    void twoHundredPipelinedCallsAnsweredConcurrentlyAreAllDeliveredExactlyOnce() throws Exception {
        RoutingFixture fixture = new RoutingFixture();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        fixture.subscription("opus", "claude_code").always(r -> {
            peak.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                concurrent.decrementAndGet();
            }
            return DispatchResult.success("ok " + r.prompt()).build();
        });
        fixture.priority("opus");
        s = new InProcessServer(fixture, tmp, null);
        RawMcpClient c = s.client;
        c.initialize();
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            burst.append("{\"jsonrpc\":\"2.0\",\"id\":").append(1000 + i).append(",\"method\":\"tools/call\",\"params\":")
                    .append("{\"name\":\"code\",\"arguments\":{\"prompt\":\"n").append(i).append("\"}}}\n");
            if (i % 10 == 0) {
                burst.append("{\"jsonrpc\":\"2.0\",\"id\":").append(5000 + i).append(",\"method\":\"ping\"}\n");
            }
        }
        s.sendBytes(burst.toString().getBytes(StandardCharsets.UTF_8));
        Map<Integer, Integer> seen = new HashMap<>();
        for (int i = 0; i < 220; i++) {
            JsonNode m = c.next();
            seen.merge(m.get("id").asInt(), 1, Integer::sum);
            if (m.get("id").asInt() < 5000) {
                String out = RawMcpClient.JSON.readTree(m.at("/result/content/0/text").asText()).at("/route/output").asText();
                assertEquals("ok n" + (m.get("id").asInt() - 1000), out);
            }
        }
        assertEquals(220, seen.size());
        assertTrue(seen.values().stream().allMatch(n -> n == 1));
        assertEquals(4, peak.get(), "calls ran concurrently, up to the route's default cap of 4");
        assertTrue(c.nonJsonLines().isEmpty());
        assertEquals(0, s.server.inFlight());
    }

    @Test
    void aCancellationThatReachesTheServerBeforeAWorkerPicksUpTheCallMeansTheCliNeverStarts() throws Exception {
        RoutingFixture fixture = new RoutingFixture();
        var dispatcher = fixture.subscription("opus", "claude_code");
        fixture.priority("opus");
        CountDownLatch cancelRead = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean();
        // Once armed, request tasks wait until the test has seen the cancellation go in.
        s = new InProcessServer(fixture, tmp, task -> () -> {
            try {
                if (armed.get()) {
                    cancelRead.await(20, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            task.run();
        });
        RawMcpClient c = s.client;
        c.initialize();
        armed.set(true);
        c.sendLine("{\"jsonrpc\":\"2.0\",\"id\":31,\"method\":\"tools/call\",\"params\":{\"name\":\"code\","
                + "\"arguments\":{\"prompt\":\"x\"}}}");
        c.sendLine("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":31}}");
        // A ping after the cancellation is answered once the reader has handled the cancellation.
        c.sendLine("{\"jsonrpc\":\"2.0\",\"id\":32,\"method\":\"ping\"}");
        Thread.sleep(50);
        cancelRead.countDown();
        Map<Integer, JsonNode> byId = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            JsonNode m = c.next();
            byId.put(m.get("id").asInt(), m);
        }
        JsonNode answer = byId.get(31);
        assertTrue(answer.at("/result/isError").asBoolean(), answer.toString());
        assertEquals("The call was cancelled before it started; no CLI was run.",
                answer.at("/result/content/0/text").asText());
        assertEquals(0, dispatcher.calls(), "the dispatcher never ran");
    }

    @Test
    void aCancellationArrivingInTheSameBurstAsItsCallIsSeenBeforeTheCallStarts() throws Exception {
        RoutingFixture fixture = new RoutingFixture();
        var dispatcher = fixture.subscription("opus", "claude_code");
        fixture.priority("opus");
        s = new InProcessServer(fixture, tmp, null);
        RawMcpClient c = s.client;
        c.initialize();
        StringBuilder burst = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            burst.append("{\"jsonrpc\":\"2.0\",\"id\":").append(i).append(",\"method\":\"tools/call\",\"params\":")
                    .append("{\"name\":\"code\",\"arguments\":{\"prompt\":\"x\"}}}\n")
                    .append("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":")
                    .append(i).append("}}\n");
        }
        s.sendBytes(burst.toString().getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 20; i++) {
            JsonNode m = c.next();
            assertEquals("The call was cancelled before it started; no CLI was run.",
                    m.at("/result/content/0/text").asText(), m.toString());
        }
        assertEquals(0, dispatcher.calls());
    }

    @Test
    void aResponseOverTheLineCapBecomesAJsonRpcErrorThatSaysSoAndTheSessionGoesOn() throws Exception {
        RoutingFixture fixture = new RoutingFixture();
        fixture.subscription("opus", "claude_code").always(DispatchResult.success("y".repeat(20 * 1024 * 1024)).build());
        fixture.priority("opus");
        s = new InProcessServer(fixture, tmp, null);
        RawMcpClient c = s.client;
        c.initialize();
        int id = c.request("tools/call", RawMcpClient.JSON.readTree("{\"name\":\"code\",\"arguments\":{\"prompt\":\"x\"}}"));
        JsonNode answer = c.awaitResponse(id, new ArrayList<>());
        assertEquals(-32603, answer.at("/error/code").asInt(), answer.toString());
        assertTrue(answer.at("/error/message").asText().contains("more than harness-router's 33554432-byte cap"),
                answer.toString());
        assertTrue(c.call("ping", null).has("result"));
    }

    @Test
    void stdinEofWithNothingInFlightEndsTheSessionAtOnce() throws Exception {
        RawMcpClient c = start();
        c.close();
        long t0 = System.nanoTime();
        s.server.awaitEnd();
        s.server.shutdown("stdin closed", Duration.ofSeconds(5));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms < 100, "took " + ms + " ms");
    }

    @Test
    void aRequestThatCannotBeAnsweredBeforeShutdownEndsGetsAJsonRpcError() throws Exception {
        RoutingFixture fixture = new RoutingFixture();
        fixture.subscription("opus", "claude_code").always(r -> {
            // Ignores interruption: the shutdown bound must still end it.
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            return DispatchResult.failure(FailureKind.OTHER, "late").build();
        });
        fixture.priority("opus");
        s = new InProcessServer(fixture, tmp, null);
        RawMcpClient c = s.client;
        c.initialize();
        int id = c.request("tools/call", RawMcpClient.JSON.readTree("{\"name\":\"code\",\"arguments\":{\"prompt\":\"x\"}}"));
        Thread.sleep(100);
        long t0 = System.nanoTime();
        s.server.shutdown("SIGTERM", Duration.ofMillis(300));
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2));
        JsonNode answer = c.awaitResponse(id, new ArrayList<>());
        assertEquals(-32603, answer.at("/error/code").asInt(), answer.toString());
        assertTrue(answer.at("/error/message").asText().contains("shutting down (SIGTERM)"), answer.toString());
    }

    private static void assertError(JsonNode msg, int code) {
        assertEquals(code, msg.at("/error/code").asInt(), msg.toString());
        assertTrue(msg.get("id").isNull(), msg.toString());
    }

    private static long count(List<JsonNode> msgs, java.util.function.Predicate<JsonNode> p) {
        return msgs.stream().filter(p).count();
    }
}
