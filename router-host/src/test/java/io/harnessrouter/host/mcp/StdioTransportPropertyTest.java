package io.harnessrouter.host.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessrouter.host.routing.RoutingFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Generated hostile input: malformed lines of every kind interleaved with valid requests. Every
 * valid request is answered exactly once with a result, every other reply is a JSON-RPC error,
 * and stdout carries nothing but JSON-RPC 2.0 objects.
 */
class StdioTransportPropertyTest {

    /** One server for every try: a long session that has seen every earlier try's garbage. */
    private static InProcessServer server;
    private static int nextId;

    @AfterContainer
    static void stop() throws Exception {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    private static synchronized InProcessServer server() throws Exception {
        if (server == null) {
            RoutingFixture fixture = new RoutingFixture();
            fixture.subscription("opus", "claude_code");
            fixture.priority("opus");
            server = new InProcessServer(fixture, Files.createTempDirectory("prop"), null);
            server.client.initialize();
        }
        return server;
    }

    /** One generated line: its bytes, and the id it must be answered under with a result (or null). */
    record Line(byte[] bytes, String validId) {
        @Override
        public String toString() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    @Property(tries = 80)
    void everyValidRequestIsAnsweredOnceWhateverSurroundsIt(@ForAll("sessions") List<Line> lines) throws Exception {
        InProcessServer server = server();
        RawMcpClient c = server.client;
        Map<String, Integer> expected = new HashMap<>();
        for (Line line : lines) {
            String id = line.validId() == null ? null : "\"v" + (nextId++) + "\"";
            byte[] bytes = id == null ? line.bytes() : new String(line.bytes(), StandardCharsets.UTF_8)
                    .replace("\"ID\"", id).getBytes(StandardCharsets.UTF_8);
            if (id != null) {
                expected.put(id, 0);
            }
            server.sendBytes(bytes);
            server.sendBytes(new byte[] {'\n'});
        }
        // A final ping marks the end: every earlier answer is out once it is answered and nothing is pending.
        int last = c.request("ping", null);
        List<JsonNode> replies = new ArrayList<>();
        c.awaitResponse(last, replies);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (server.server.inFlight() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        JsonNode more;
        while ((more = c.poll()) != null) {
            replies.add(more);
        }
        for (JsonNode r : replies) {
            assertEquals("2.0", r.path("jsonrpc").asText(), r.toString());
            assertTrue(r.has("id") && (r.has("result") ^ r.has("error")), r.toString());
            String id = r.get("id").toString();
            if (expected.containsKey(id)) {
                assertTrue(r.has("result"), r.toString());
                expected.merge(id, 1, Integer::sum);
            } else {
                assertTrue(r.has("error"), "only valid requests get results: " + r);
            }
        }
        expected.forEach((id, count) -> assertEquals(1, count, "request " + id + " answered " + count + " times"));
        assertTrue(c.nonJsonLines().isEmpty(), c.nonJsonLines().toString());
    }

    @Provide
    Arbitrary<List<Line>> sessions() {
        Arbitrary<Line> valid = Arbitraries.of(
                "{\"jsonrpc\":\"2.0\",\"id\":\"ID\",\"method\":\"ping\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":\"ID\",\"method\":\"tools/list\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":\"ID\",\"method\":\"resources/list\",\"params\":{}}",
                "{\"id\":\"ID\",\"method\":\"tools/call\",\"jsonrpc\":\"2.0\",\"params\":{\"name\":\"code\","
                        + "\"arguments\":{\"prompt\":\"hi\"}}}")
                .map(s -> new Line(s.getBytes(StandardCharsets.UTF_8), "ID"));
        Arbitrary<Line> bad = Arbitraries.oneOf(randomBytes(), randomText(), brokenEnvelopes(), truncated())
                .map(b -> new Line(b, null));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, valid),
                net.jqwik.api.Tuple.of(3, bad)).list().ofMinSize(40).ofMaxSize(120);
    }

    private static Arbitrary<byte[]> randomBytes() {
        return Arbitraries.bytes().filter(b -> b != '\n').array(byte[].class).ofMaxSize(80);
    }

    private static Arbitrary<byte[]> randomText() {
        return Arbitraries.strings().all().ofMaxLength(60).filter(s -> s.indexOf('\n') < 0)
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
    }

    /** Objects that look like JSON-RPC, with one or more fields wrong or missing. */
    private static Arbitrary<byte[]> brokenEnvelopes() {
        Arbitrary<String> jsonrpc = Arbitraries.of("", "\"jsonrpc\":\"2.0\",", "\"jsonrpc\":\"1.0\",", "\"jsonrpc\":2,",
                "\"jsonrpc\":null,");
        Arbitrary<String> id = Arbitraries.of("", "\"id\":1.5,", "\"id\":99999999999999999999,", "\"id\":true,",
                "\"id\":null,", "\"id\":{},", "\"id\":[],", "\"id\":-3,", "\"id\":\"s\",");
        Arbitrary<String> method = Arbitraries.of("", "\"method\":5,", "\"method\":null,", "\"method\":\"ping\",",
                "\"method\":\"notifications/x\",", "\"method\":\"tools/call\",", "\"result\":{},");
        Arbitrary<String> params = Arbitraries.of("", "\"params\":7,", "\"params\":\"x\",", "\"params\":[1],",
                "\"params\":{\"name\":\"nope\"},", "\"params\":{},");
        return Combinators.combine(jsonrpc, id, method, params).as((a, b, m, p) -> {
            String body = a + b + m + p;
            // A fully valid ping with a known id would be a valid request; keep only broken ones.
            boolean valid = a.equals("\"jsonrpc\":\"2.0\",") && (b.equals("\"id\":-3,") || b.equals("\"id\":\"s\","))
                    && !m.isEmpty() && m.startsWith("\"method\":\"");
            if (valid) {
                body = "\"jsonrpc\":\"1.1\"," + b + m + p;
            }
            return ("{" + (body.endsWith(",") ? body.substring(0, body.length() - 1) : body) + "}")
                    .getBytes(StandardCharsets.UTF_8);
        });
    }

    private static Arbitrary<byte[]> truncated() {
        return Arbitraries.integers().between(1, 40).map(n -> {
            String full = "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"ping\",\"params\":{}}";
            return full.substring(0, Math.min(n, full.length() - 1)).getBytes(StandardCharsets.UTF_8);
        });
    }
}
