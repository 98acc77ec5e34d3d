package io.harnessrouter.host.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The stdio MCP server: the {@code code} tool and the two status resources over newline-delimited
 * JSON-RPC on the given streams (the process's real stdin and stdout).
 *
 * <p>Lifecycle: {@link #start()} returns at once and the server answers {@code initialize} while
 * the routing service loads in the background. {@link #awaitEnd()} returns when stdin reached
 * EOF; the caller then {@link #shutdown}s (also on SIGTERM) and exits 0.
 */
public final class StdioMcpServer {
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
        McpSurface surface = new McpSurface(service, mapper, serverDir, cancellations);
        server = surface.describe(McpServer.sync(transport), version, json)
                // Our transport runs every request on its own thread; the SDK need not offload.
                .immediateExecution(true)
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
}
