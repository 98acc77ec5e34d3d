package io.harnessrouter.host.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessrouter.host.routing.FanoutOutcome;
import io.harnessrouter.host.routing.RouteListener;
import io.harnessrouter.host.routing.RouteOutcome;
import io.harnessrouter.host.routing.Router;
import io.harnessrouter.host.telemetry.CallOutcome;
import io.harnessrouter.host.telemetry.CallTrace;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code code} tool: validates the arguments, routes the prompt and answers with the npm
 * tool's JSON as text and as {@code structuredContent}.
 *
 * <p>Error model (the MCP SDK's two tiers): what the calling model can act on — bad arguments, no
 * configuration, every route failed — is a tool result with {@code isError: true} and the next
 * step. Only a fault of ours escapes as an exception, which the SDK turns into a JSON-RPC error.
 *
 * <p>Thread-safety: stateless; the SDK calls it concurrently.
 */
final class CodeTool {
    private static final Logger LOG = LoggerFactory.getLogger(CodeTool.class);
    /** The origin of this front door's decisions in the state ({@code harness-router why}). */
    static final String ORIGIN = "mcp";

    private final RoutingService service;
    private final ObjectMapper mapper;
    private final CodeResponse responses;
    private final Path serverDir;
    private final Cancellations cancellations;

    CodeTool(RoutingService service, ObjectMapper mapper, Path serverDir, Cancellations cancellations) {
        this.service = service;
        this.mapper = mapper;
        this.responses = new CodeResponse(mapper);
        this.serverDir = serverDir;
        this.cancellations = cancellations;
    }

    CallToolResult call(McpSyncServerExchange exchange, CallToolRequest request) {
        CallTrace trace = service.telemetry().startCall("code");
        try {
            return call(exchange, request, trace);
        } finally {
            trace.end();
        }
    }

    private CallToolResult call(McpSyncServerExchange exchange, CallToolRequest request, CallTrace trace) {
        Object rpcId = request.meta() == null ? null : request.meta().get(Cancellations.META_KEY);
        if (rpcId == null) {
            return route(exchange, request, trace);
        }
        try (Cancellations.Registration running = cancellations.register(rpcId.toString())) {
            if (running.cancelled()) {
                trace.outcome(CallOutcome.CANCELLED);
                return error("The call was cancelled before it started; no CLI was run.");
            }
            CallToolResult result = route(exchange, request, trace);
            if (running.cancelled()) {
                trace.outcome(CallOutcome.CANCELLED);
                return error("The call was cancelled by the client; the running CLI was stopped.");
            }
            return result;
        }
    }

    private CallToolResult route(McpSyncServerExchange exchange, CallToolRequest request, CallTrace trace) {
        Map<String, Object> args = request.arguments() == null ? Map.of() : request.arguments();
        CodeArguments.Parsed parsed;
        try {
            parsed = CodeArguments.parse(args, serverDir);
        } catch (CodeArguments.InvalidArgument e) {
            trace.outcome(CallOutcome.INVALID_ARGUMENTS);
            return error("Invalid arguments for tool code: " + e.getMessage());
        }
        Router router;
        try {
            router = service.router();
        } catch (RoutingService.RoutingUnavailableException e) {
            trace.outcome(CallOutcome.UNAVAILABLE);
            return error(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            trace.outcome(CallOutcome.CANCELLED);
            return error("The call was cancelled while harness-router was still starting.");
        }
        RouteListener listener = trace.route(parsed.request(), parsed.fanout(),
                ProgressRelay.forRequest(exchange, request));
        long started = System.nanoTime();
        if (parsed.fanout()) {
            FanoutOutcome outcome = router.fanout(parsed.request(), listener);
            trace.routed(outcome);
            service.recordDecision(ORIGIN, parsed.request(), outcome, Duration.ofNanos(System.nanoTime() - started));
            boolean anySuccess = outcome.items().stream().anyMatch(i -> i.result().success());
            return result(responses.fanout(outcome), !anySuccess);
        }
        RouteOutcome outcome = router.route(parsed.request(), listener);
        trace.routed(outcome);
        service.recordDecision(ORIGIN, parsed.request(), outcome, Duration.ofNanos(System.nanoTime() - started));
        if (!outcome.success()) {
            LOG.info("code call {} failed: {}", parsed.request().requestId(), outcome.error());
        }
        return result(responses.single(outcome), !outcome.success());
    }

    private CallToolResult result(ObjectNode json, boolean isError) {
        String text;
        try {
            text = mapper.writerWithDefaultPrettyPrinter().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialise the code response", e);
        }
        return CallToolResult.builder()
                .addTextContent(text)
                .structuredContent(json)
                .isError(isError)
                .build();
    }

    static CallToolResult error(String message) {
        return CallToolResult.builder().addTextContent(message).isError(true).build();
    }
}
