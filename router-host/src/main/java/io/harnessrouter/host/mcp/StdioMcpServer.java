package io.harnessrouter.host.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.host.status.StatusJson;
import io.harnessrouter.host.status.StatusReport;
import io.harnessrouter.host.status.StatusText;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The stdio MCP server: the {@code code} tool and the two status resources over newline-delimited
 * JSON-RPC on the given streams (the process's real stdin and stdout).
 *
 * <p>Lifecycle: {@link #start()} returns at once and the server answers {@code initialize} while
 * the routing service loads in the background. {@link #awaitEnd()} returns when stdin reached
 * EOF; the caller then {@link #shutdown}s (also on SIGTERM) and exits 0.
 */
public final class StdioMcpServer {
    static final String STATUS_URI = "harness-router://status";
    static final String STATUS_JSON_URI = "harness-router://status.json";

    private final RoutingService service;
    private final String version;
    private final ObjectMapper mapper;
    private final InputStream in;
    private final OutputStream out;
    private final Path serverDir;
    private final Cancellations cancellations = new Cancellations();
    private final java.util.function.UnaryOperator<Runnable> handOff;
    private Runnable inputWaker;
    private StdioTransport transport;
    private McpSyncServer server;

    public StdioMcpServer(RoutingService service, String version, ObjectMapper mapper,
            InputStream in, OutputStream out, Path serverDir) {
        this(service, version, mapper, in, out, serverDir, null);
    }

    /**
     * Set before {@link #start()}: what makes a read blocked on {@code in} return at shutdown
     * (the process's real stdin needs help; test streams do not).
     */
    public StdioMcpServer inputWaker(Runnable waker) {
        this.inputWaker = waker;
        return this;
    }

    /** With a hand-off for each request's task (tests hold calls back with it). */
    StdioMcpServer(RoutingService service, String version, ObjectMapper mapper,
            InputStream in, OutputStream out, Path serverDir, java.util.function.UnaryOperator<Runnable> handOff) {
        this.handOff = handOff;
        this.service = service;
        this.version = version;
        this.mapper = mapper;
        this.in = in;
        this.out = out;
        this.serverDir = serverDir;
    }

    /** Starts serving on the transport's reader and writer threads and returns. */
    public void start() {
        JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(mapper);
        transport = new StdioTransport(in, out, mapper, json, cancellations, handOff, inputWaker);
        CodeTool code = new CodeTool(service, mapper, serverDir, cancellations);
        Tool tool = Tool.builder("code", json, ToolSchemas.INPUT)
                .title(ToolSchemas.TITLE)
                .description(ToolSchemas.DESCRIPTION)
                .build();
        server = McpServer.sync(transport)
                .serverInfo("harness-router", version)
                .instructions(ToolSchemas.INSTRUCTIONS)
                .jsonMapper(json)
                .validateToolInputs(false)
                .jsonSchemaValidator(new NoRuntimeSchemaValidator())
                // Our transport runs every request on its own thread; the SDK need not offload.
                .immediateExecution(true)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).resources(false, true).build())
                .tools(new SyncToolSpecification(tool, code::call))
                .resources(statusResource(), statusJsonResource())
                .build();
    }

    /** Blocks until stdin reached EOF. */
    public void awaitEnd() throws InterruptedException {
        transport.awaitInputEnd();
    }

    /**
     * Ends the session: every call in flight is cancelled (its CLI tree killed, its attempt
     * recorded as cancelled), the answers that come within {@code bound} are written, requests
     * still unanswered get a JSON-RPC error, and stdout is flushed. Idempotent.
     */
    public void shutdown(String why, Duration bound) {
        if (transport != null) {
            transport.shutdown(why, bound);
        }
    }

    /** Requests read that have no response yet. */
    public int inFlight() {
        return transport == null ? 0 : transport.inFlight();
    }

    /** Closes the MCP session (after {@link #shutdown}). */
    public void close() {
        shutdown("closed", Duration.ZERO);
    }

    private SyncResourceSpecification statusResource() {
        Resource r = Resource.builder(STATUS_URI, "harness-router-status").title("Routing status")
                .description("Routes, quota, breakers and counters as a text dashboard")
                .mimeType("text/plain").build();
        return new SyncResourceSpecification(r, (exchange, req) -> read(req.uri(), "text/plain",
                StatusText.render(report())));
    }

    private SyncResourceSpecification statusJsonResource() {
        Resource r = Resource.builder(STATUS_JSON_URI, "harness-router-status-json")
                .title("Routing status (JSON)")
                .description("Per route: counters, quota, breaker state with reopen time, availability")
                .mimeType("application/json").build();
        return new SyncResourceSpecification(r, (exchange, req) -> {
            try {
                String text = mapper.writerWithDefaultPrettyPrinter()
                        .writeValueAsString(StatusJson.render(report(), mapper));
                return read(req.uri(), "application/json", text);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("could not render status.json", e);
            }
        });
    }

    private StatusReport report() {
        try {
            return service.status();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw McpError.builder(McpSchema.ErrorCodes.INTERNAL_ERROR)
                    .message("cancelled while harness-router was starting").build();
        }
    }

    private static ReadResourceResult read(String uri, String mime, String text) {
        return ReadResourceResult.builder(List.of(TextResourceContents.builder(uri, text).mimeType(mime).build())).build();
    }
}
