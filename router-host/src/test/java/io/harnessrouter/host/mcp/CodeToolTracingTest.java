package io.harnessrouter.host.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.TokenUsage;
import io.harnessrouter.host.routing.Router;
import io.harnessrouter.host.routing.RoutingFixture;
import io.harnessrouter.host.status.StatusReport;
import io.harnessrouter.host.telemetry.Telemetry;
import io.harnessrouter.host.telemetry.otel.OtelTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spans of a {@code code} call through the real stdio server, into the SDK's in-memory
 * exporter: tool call → route decision → one dispatch span per attempt, with their attributes, and
 * never the prompt, a file's contents, CLI output or a secret.
 */
@Timeout(60)
class CodeToolTracingTest {

    private static final String PROMPT = "PROMPT-7f3a refactor the billing module";
    private static final String SECRET = "sk-live-SECRET-4242";
    private static final String FILE_CONTENT = "FILE-CONTENT-91b3 private key material";

    @TempDir
    Path tmp;

    private final RoutingFixture fixture = new RoutingFixture();
    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    private final Telemetry telemetry = OtelTelemetry.using(provider);
    private StdioMcpServer server;
    private RawMcpClient client;

    private final RoutingService service = new RoutingService() {
        @Override
        public Router router() {
            return fixture.router();
        }

        @Override
        public StatusReport status() {
            throw new UnsupportedOperationException("not read here");
        }

        @Override
        public Telemetry telemetry() {
            return telemetry;
        }
    };

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        fixture.close();
        provider.close();
    }

    private JsonNode call(String argumentsJson) throws Exception {
        if (client == null) {
            PipedOutputStream clientOut = new PipedOutputStream();
            PipedInputStream serverIn = new PipedInputStream(clientOut, 1 << 20);
            PipedOutputStream serverOut = new PipedOutputStream();
            PipedInputStream clientIn = new PipedInputStream(serverOut, 1 << 20);
            server = new StdioMcpServer(service, "9.9.9", new ObjectMapper(), serverIn, serverOut, tmp);
            server.start();
            client = new RawMcpClient(clientOut, clientIn);
            client.initialize();
        }
        return client.callTool(argumentsJson, new ArrayList<>(), null).get("result");
    }

    @Test
    void successfulCallNestsToolCallDecisionAndAttemptWithTheirAttributes() throws Exception {
        fixture.subscription("opus", "claude_code").always(DispatchResult.success("done")
                .tokenUsage(new TokenUsage(10, 2)).duration(Duration.ofMillis(42)).exitCode(0).build());
        fixture.priority("opus");

        assertFalse(call("{\"prompt\":\"write hello world\"}").get("isError").asBoolean());

        SpanData tool = only("harness-router.mcp.tool");
        SpanData route = only("harness-router.router.route");
        SpanData dispatch = only("harness-router.dispatcher.dispatch");
        assertEquals(3, exporter.getFinishedSpanItems().size());
        assertFalse(tool.getParentSpanContext().isValid(), "the tool call is a root span");
        assertEquals(tool.getSpanId(), route.getParentSpanId());
        assertEquals(route.getSpanId(), dispatch.getParentSpanId());
        assertEquals(tool.getTraceId(), dispatch.getTraceId());

        assertEquals(SpanKind.SERVER, tool.getKind());
        assertEquals("code", str(tool, "tool.name"));
        assertEquals("tools/call", str(tool, "mcp.method.name"));
        assertEquals("single", str(tool, "code.mode"));
        assertEquals("succeeded", str(tool, "outcome"));
        assertEquals(StatusCode.UNSET, tool.getStatus().getStatusCode());
        assertEquals(str(tool, "request.id"), str(route, "request.id"));

        assertEquals("route", str(route, "router.op"));
        assertEquals("opus::claude_code", str(route, "service"));
        assertEquals("opus", str(route, "model"));
        assertEquals("subscription", str(route, "tier"));
        assertEquals(Boolean.TRUE, route.getAttributes().get(AttributeKey.booleanKey("success")));
        assertEquals(1L, num(route, "attempts"));
        assertEquals(0L, num(route, "skipped"));
        assertEquals(10L, num(route, "gen_ai.usage.input_tokens"));
        assertEquals(2L, num(route, "gen_ai.usage.output_tokens"));

        assertEquals(SpanKind.CLIENT, dispatch.getKind());
        assertEquals("opus::claude_code", str(dispatch, "dispatcher.id"));
        assertEquals("opus::claude_code", str(dispatch, "service"));
        assertEquals("opus", str(dispatch, "model"));
        assertEquals("subscription", str(dispatch, "tier"));
        assertEquals("succeeded", str(dispatch, "outcome"));
        assertEquals("none", str(dispatch, "failure_kind"));
        assertEquals(42L, num(dispatch, "duration_ms"));
        assertEquals(0L, num(dispatch, "exit_code"));
        assertEquals(10L, num(dispatch, "gen_ai.usage.input_tokens"));
        assertEquals(2L, num(dispatch, "gen_ai.usage.output_tokens"));
        assertEquals(Boolean.FALSE, dispatch.getAttributes().get(AttributeKey.booleanKey("rate_limited")));
    }

    @Test
    void rateLimitedRouteFallsBackAndEachAttemptGetsItsOwnSpan() throws Exception {
        fixture.subscription("opus", "claude_code").always(DispatchResult.failure(FailureKind.RATE_LIMITED,
                "429 rate_limit_error").retryAfter(Duration.ofSeconds(300)).duration(Duration.ofMillis(5)).build());
        fixture.metered("opus", "api.a.com").always(DispatchResult.success("ok")
                .tokenUsage(new TokenUsage(7, 3)).duration(Duration.ofMillis(9)).build());
        fixture.priority("opus");

        assertFalse(call("{\"prompt\":\"x\"}").get("isError").asBoolean());

        SpanData route = only("harness-router.router.route");
        List<SpanData> attempts = spans("harness-router.dispatcher.dispatch");
        assertEquals(2, attempts.size());
        attempts.forEach(a -> assertEquals(route.getSpanId(), a.getParentSpanId()));
        SpanData limited = attempts.get(0);
        assertEquals("opus::claude_code", str(limited, "service"));
        assertEquals("failed", str(limited, "outcome"));
        assertEquals("rate_limited", str(limited, "failure_kind"));
        assertEquals(Boolean.TRUE, limited.getAttributes().get(AttributeKey.booleanKey("rate_limited")));
        assertEquals(StatusCode.ERROR, limited.getStatus().getStatusCode());
        assertEquals("rate_limited", limited.getStatus().getDescription());
        SpanData fallback = attempts.get(1);
        assertEquals("opus::api.a.com", str(fallback, "service"));
        assertEquals("metered", str(fallback, "tier"));
        assertEquals("succeeded", str(fallback, "outcome"));
        assertEquals(7L, num(fallback, "gen_ai.usage.input_tokens"));

        assertEquals("opus::api.a.com", str(route, "service"));
        assertEquals("metered", str(route, "tier"));
        assertEquals(2L, num(route, "attempts"));
        assertEquals("succeeded", str(only("harness-router.mcp.tool"), "outcome"));
    }

    @Test
    void everyRouteFailingMarksDecisionAndToolCallAsErrorsAndNamesSkippedRoutes() throws Exception {
        fixture.subscription("opus", "claude_code").always(DispatchResult.failure(FailureKind.AUTH,
                "not logged in").build());
        fixture.subscription("opus", "cursor");
        fixture.disable("opus::cursor");
        fixture.priority("opus");

        assertTrue(call("{\"prompt\":\"x\"}").get("isError").asBoolean());

        SpanData route = only("harness-router.router.route");
        assertEquals(StatusCode.ERROR, route.getStatus().getStatusCode());
        assertEquals("failed", str(route, "outcome"));
        assertEquals("auth", str(route, "failure_kind"));
        assertEquals(1L, num(route, "attempts"));
        assertEquals(1L, num(route, "skipped"));
        EventData skipped = route.getEvents().get(0);
        assertEquals("route.skipped", skipped.getName());
        assertEquals("opus::cursor", skipped.getAttributes().get(AttributeKey.stringKey("service")));
        SpanData tool = only("harness-router.mcp.tool");
        assertEquals("routes_failed", str(tool, "outcome"));
        assertEquals(StatusCode.ERROR, tool.getStatus().getStatusCode());
    }

    @Test
    void fanoutAttemptsAreChildrenOfTheFanoutSpan() throws Exception {
        fixture.subscription("opus", "claude_code").always(DispatchResult.success("a")
                .tokenUsage(new TokenUsage(1, 1)).build());
        fixture.subscription("gpt", "codex").always(DispatchResult.success("b")
                .tokenUsage(new TokenUsage(2, 2)).build());
        fixture.priority("opus", "gpt");

        assertFalse(call("{\"prompt\":\"x\",\"mode\":\"fanout\",\"models\":[\"opus\",\"gpt\"]}")
                .get("isError").asBoolean());

        SpanData fanout = only("harness-router.router.fanout");
        assertEquals(only("harness-router.mcp.tool").getSpanId(), fanout.getParentSpanId());
        assertEquals("fanout", str(only("harness-router.mcp.tool"), "code.mode"));
        assertEquals(List.of("opus", "gpt"), fanout.getAttributes().get(AttributeKey.stringArrayKey("fanout.models")));
        List<SpanData> attempts = spans("harness-router.dispatcher.dispatch");
        assertEquals(List.of("gpt::codex", "opus::claude_code"),
                attempts.stream().map(a -> str(a, "service")).sorted().toList());
        attempts.forEach(a -> assertEquals(fanout.getSpanId(), a.getParentSpanId()));
        assertEquals(2L, num(fanout, "succeeded"));
        assertEquals(3L, num(fanout, "gen_ai.usage.input_tokens"));
    }

    @Test
    void invalidArgumentsEndTheToolCallSpanWithoutRouting() throws Exception {
        fixture.subscription("opus", "claude_code").always(DispatchResult.success("a").build());
        fixture.priority("opus");

        assertTrue(call("{\"prompt\":\"x\",\"bogus\":1}").get("isError").asBoolean());

        assertEquals(List.of("harness-router.mcp.tool"),
                exporter.getFinishedSpanItems().stream().map(SpanData::getName).toList());
        assertEquals("invalid_arguments", str(only("harness-router.mcp.tool"), "outcome"));
    }

    @Test
    void noSpanCarriesThePromptAFilesContentsCliOutputOrASecret() throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.txt"), FILE_CONTENT);
        // A CLI that echoes everything it was given into its error and output, as real ones do.
        fixture.subscription("opus", "claude_code").always(r -> DispatchResult.failure(FailureKind.OTHER,
                "crashed on: " + r.prompt() + " with OPENAI_API_KEY=" + SECRET).exitCode(3).build());
        fixture.metered("opus", "api.a.com").always(r -> DispatchResult.success(PROMPT + FILE_CONTENT + SECRET)
                .build());
        fixture.priority("opus");

        call("{\"prompt\":\"" + PROMPT + "\",\"files\":[\"" + file + "\"]}");
        call("{\"prompt\":\"" + PROMPT + "\",\"mode\":\"fanout\"}");

        List<SpanData> all = exporter.getFinishedSpanItems();
        assertEquals(8, all.size(), "two calls of tool, decision and two attempts each");
        for (SpanData span : all) {
            List<String> values = new ArrayList<>(values(span.getAttributes()));
            span.getEvents().forEach(e -> values.addAll(values(e.getAttributes())));
            values.add(span.getName());
            values.add(span.getStatus().getDescription());
            values.addAll(values(span.getResource().getAttributes()));
            for (String value : values) {
                for (String forbidden : List.of("PROMPT-7f3a", "FILE-CONTENT-91b3", SECRET, "crashed on")) {
                    assertFalse(value.contains(forbidden), span.getName() + " carries \"" + forbidden + "\": " + value);
                }
            }
        }
    }

    private static List<String> values(Attributes attributes) {
        return attributes.asMap().values().stream().map(String::valueOf).collect(Collectors.toList());
    }

    private List<SpanData> spans(String name) {
        return exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name))
                .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
    }

    private SpanData only(String name) {
        List<SpanData> found = spans(name);
        assertEquals(1, found.size(), () -> name + " in " + exporter.getFinishedSpanItems().stream()
                .map(SpanData::getName).toList());
        return found.get(0);
    }

    private static String str(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }

    private static Long num(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.longKey(key));
    }
}
