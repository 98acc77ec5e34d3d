package io.harnessrouter.host.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.host.status.StatusJson;
import io.harnessrouter.host.status.StatusReport;
import io.harnessrouter.host.status.StatusText;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.nio.file.Path;
import java.util.List;

/**
 * What every MCP front door serves, whatever carries the bytes: the {@code code} tool (with
 * progress and cancellation) and the two status resources, over one {@link RoutingService}. The
 * stdio server and {@code serve}'s HTTP server each build their SDK server from one of these.
 *
 * <p>Cancellation: the SDK ignores {@code notifications/cancelled}, so a transport tags each
 * {@code tools/call} with a key for its JSON-RPC request in {@code _meta} under
 * {@link #REQUEST_KEY_META} and passes a cancellation's key to {@link #cancel}. Keys only have to
 * be unique among the calls in flight on this surface (HTTP prefixes them with the session id).
 *
 * <p>Thread-safe.
 */
public final class McpSurface {
    /** Where a transport puts a {@code tools/call}'s request key, in the call's {@code _meta}. */
    public static final String REQUEST_KEY_META = Cancellations.META_KEY;
    static final String STATUS_URI = "harness-router://status";
    static final String STATUS_JSON_URI = "harness-router://status.json";

    private final RoutingService service;
    private final ObjectMapper mapper;
    private final Path serverDir;
    private final Cancellations cancellations;

    /**
     * @param serverDir the directory relative {@code files} and {@code workdir} arguments resolve against
     */
    public McpSurface(RoutingService service, ObjectMapper mapper, Path serverDir) {
        this(service, mapper, serverDir, new Cancellations());
    }

    McpSurface(RoutingService service, ObjectMapper mapper, Path serverDir, Cancellations cancellations) {
        this.service = service;
        this.mapper = mapper;
        this.serverDir = serverDir;
        this.cancellations = cancellations;
    }

    /** The server's capabilities, name, version and instructions, the same on every transport. */
    public <S extends McpServer.SyncSpecification<S>> S describe(S spec, String version, McpJsonMapper json) {
        Tool tool = Tool.builder("code", json, ToolSchemas.INPUT)
                .title(ToolSchemas.TITLE)
                .description(ToolSchemas.DESCRIPTION)
                .build();
        CodeTool code = new CodeTool(service, mapper, serverDir, cancellations);
        spec.serverInfo("harness-router", version);
        spec.instructions(ToolSchemas.INSTRUCTIONS);
        spec.jsonMapper(json);
        spec.validateToolInputs(false);
        spec.jsonSchemaValidator(new NoRuntimeSchemaValidator());
        spec.capabilities(McpSchema.ServerCapabilities.builder().tools(true).resources(false, true).build());
        spec.tools(new SyncToolSpecification(tool, code::call));
        spec.resources(statusResource(), statusJsonResource());
        return spec;
    }

    /** Cancels the call tagged with {@code requestKey} (or the one that registers with it next). */
    public void cancel(String requestKey) {
        cancellations.cancel(requestKey);
    }

    /** Cancels every call in flight and every one that starts from now on (shutdown). */
    public void cancelAll() {
        cancellations.cancelAll();
    }

    /** The key of a JSON-RPC id: its JSON text, so 7 and "7" stay apart. */
    public static String requestKey(Object id) {
        return StdioTransport.key(id);
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
