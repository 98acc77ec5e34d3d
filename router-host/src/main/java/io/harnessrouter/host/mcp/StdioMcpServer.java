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
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stdio MCP server: the {@code code} tool and the two status resources over newline-delimited
 * JSON-RPC on the given streams (the process's real stdin and stdout).
 *
 * <p>Lifecycle: {@link #start()} returns as soon as the server answers {@code initialize}; the
 * routing service loads in the background. {@link #awaitEnd()} returns when stdin reached EOF and
 * every request read before it got its answer (bounded by a grace period), so the caller can shut
 * down and exit 0.
 */
public final class StdioMcpServer {
    private static final Logger LOG = LoggerFactory.getLogger(StdioMcpServer.class);
    static final String STATUS_URI = "harness-router://status";
    static final String STATUS_JSON_URI = "harness-router://status.json";

    private final RoutingService service;
    private final String version;
    private final ObjectMapper mapper;
    private final InputStream in;
    private final OutputStream out;
    private final Path serverDir;
    private final Duration eofGrace;
    private final CountDownLatch eof = new CountDownLatch(1);
    private JsonRpcLineFilter filter;
    private McpSyncServer server;

    public StdioMcpServer(RoutingService service, String version, ObjectMapper mapper,
            InputStream in, OutputStream out, Path serverDir, Duration eofGrace) {
        this.service = service;
        this.version = version;
        this.mapper = mapper;
        this.in = in;
        this.out = out;
        this.serverDir = serverDir;
        this.eofGrace = eofGrace;
    }

    /** Starts serving on a transport thread and returns. */
    public void start() {
        ProtocolOutput protocolOut = new ProtocolOutput(new BufferedOutputStream(out, 1 << 16));
        Cancellations cancellations = new Cancellations();
        filter = new JsonRpcLineFilter(in, protocolOut, mapper, eofGrace, cancellations, eof::countDown);
        protocolOut.onResponse(filter::responded);
        JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(mapper);
        var transport = new StdioServerTransportProvider(json, filter, protocolOut);
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
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).resources(false, true).build())
                .tools(new SyncToolSpecification(tool, code::call))
                .resources(statusResource(), statusJsonResource())
                .build();
    }

    /**
     * Blocks until stdin ended and the requests read before EOF were answered, or the EOF grace
     * passed. Requests still running after that are abandoned (their processes are killed at
     * shutdown).
     */
    public void awaitEnd() throws InterruptedException {
        eof.await();
    }

    /** Closes the MCP session. */
    public void close() {
        if (server != null) {
            try {
                server.close();
            } catch (RuntimeException e) {
                LOG.debug("closing the MCP server", e);
            }
        }
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
