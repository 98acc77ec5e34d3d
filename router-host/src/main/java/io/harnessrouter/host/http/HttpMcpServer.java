package io.harnessrouter.host.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.host.config.HttpLimits;
import io.harnessrouter.host.mcp.McpSurface;
import io.harnessrouter.host.mcp.RoutingService;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.DispatcherType;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MCP Streamable HTTP at {@code /mcp} on embedded Jetty: the SDK's servlet transport behind
 * {@link McpHttpFilter}, one SDK server (so one {@code code} tool, one set of status resources,
 * one {@link RoutingService}: router, state, breakers and config reload shared by every session).
 *
 * <p>Lifecycle: {@link #start()} binds and serves; {@link #shutdown} refuses new requests,
 * cancels the calls in flight (their CLI trees are killed and they answer "cancelled"), waits a
 * bounded time for their answers, closes every session and stops Jetty.
 */
public final class HttpMcpServer {
    private static final Logger LOG = LoggerFactory.getLogger(HttpMcpServer.class);
    static final String ENDPOINT = "/mcp";
    /** Connections with no bytes moving for this long are closed; a call answers within its routing timeout. */
    private static final Duration CONNECTION_IDLE = Duration.ofMinutes(30);

    /**
     * What {@code serve} was asked for, flags over config.
     *
     * @param authRequired bearer auth for every client (forced on for a non-loopback bind)
     */
    public record Options(String bind, int port, boolean authRequired, TokenFile tokenFile, HttpLimits limits) {
    }

    /** The port could not be bound; the message is the one line to show. */
    public static final class BindFailedException extends io.harnessrouter.api.HarnessRouterException {
        private static final long serialVersionUID = 1L;

        BindFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Options options;
    private final McpSurface surface;
    private final SessionTable sessions;
    private final HttpServletStreamableServerTransportProvider transport;
    private final McpHttpFilter filter;
    private final Server jetty;
    private final ServerConnector connector;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mcp-http-sessions");
        t.setDaemon(true);
        return t;
    });
    private final McpSyncServer server;

    public HttpMcpServer(RoutingService service, String version, Options options, Path serverDir) {
        this.options = options;
        ObjectMapper mapper = new ObjectMapper();
        JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(mapper);
        this.surface = new McpSurface(service, mapper, serverDir);
        this.sessions = new SessionTable(options.limits(), System::nanoTime);
        this.transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(json)
                .mcpEndpoint(ENDPOINT)
                .maxRequestSize(options.limits().maxBodyBytes())
                // Idle sessions are ours to expire (SessionTable), so the session limit stays exact.
                .sessionSweepInterval(Duration.ofDays(3650))
                .build();
        this.server = surface.describe(McpServer.sync(transport), version, json)
                // Each request's handler runs on its Jetty thread, which waits for it anyway; the
                // SDK's default hand-off to boundedElastic would cap all sessions at 10 calls per core.
                .immediateExecution(true)
                .build();
        Optional<BearerAuth> auth = options.authRequired() ? Optional.of(new BearerAuth(options.tokenFile())) : Optional.empty();
        this.filter = new McpHttpFilter(ENDPOINT, HostPolicy.forBind(options.bind(), this::port), auth, sessions,
                surface, mapper);
        HttpLimits l = options.limits();
        QueuedThreadPool threads = new QueuedThreadPool(Math.min(2000, l.maxSessions() * (l.maxCallsPerSession() + 1) + 16), 4);
        threads.setName("mcp-http");
        threads.setDaemon(true);
        this.jetty = new Server(threads);
        this.connector = new ServerConnector(jetty);
        connector.setHost(options.bind().replaceAll("^\\[(.*)\\]$", "$1"));
        connector.setPort(options.port());
        connector.setIdleTimeout(CONNECTION_IDLE.toMillis());
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder holder = new ServletHolder("mcp", transport);
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/*");
        jetty.setHandler(context);
        jetty.setStopTimeout(500);
    }

    /** Binds and starts serving; returns once requests are accepted. */
    public void start() {
        try {
            jetty.start();
        } catch (Exception e) {
            stopQuietly();
            if (causedBy(e, BindException.class)) {
                throw new BindFailedException("cannot listen on " + options.bind() + ":" + options.port() + ": the port is"
                        + " in use (another harness-router serve?) or not allowed; choose another with --port", e);
            }
            throw new BindFailedException("cannot start the HTTP server on " + options.bind() + ":" + options.port()
                    + ": " + e.getMessage(), e);
        }
        Duration idle = options.limits().idleSession();
        long period = Math.max(100, Math.min(30_000, idle.toMillis() / 4));
        SdkSessions sdk = new SdkSessions(transport, ENDPOINT);
        sweeper.scheduleWithFixedDelay(() -> sessions.expire().forEach(s -> {
            LOG.info("session {} expired after {} s idle", s.id(), idle.toSeconds());
            sdk.delete(s);
        }), period, period, TimeUnit.MILLISECONDS);
    }

    /** The port bound (the one asked for, or the one picked for port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://<bind>:<port>/mcp}. */
    public URI endpoint() {
        String host = options.bind().contains(":") && !options.bind().startsWith("[") ? "[" + options.bind() + "]"
                : options.bind();
        return URI.create("http://" + host + ":" + port() + ENDPOINT);
    }

    /** MCP sessions open now. */
    public int openSessions() {
        return sessions.size();
    }

    /**
     * Refuses new requests (503), cancels every call in flight, waits up to {@code bound} for
     * their answers to be written, then closes the sessions and stops Jetty. Idempotent.
     */
    public void shutdown(String why, Duration bound) {
        filter.close();
        long deadline = System.nanoTime() + bound.toNanos();
        int calls = sessions.callsInFlight();
        if (calls > 0) {
            LOG.info("{}: cancelling {} call(s) in flight", why, calls);
        }
        surface.cancelAll();
        while (sessions.callsInFlight() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        sweeper.shutdownNow();
        try {
            transport.closeGracefully().block(Duration.ofMillis(500));
        } catch (RuntimeException e) {
            LOG.debug("closing the MCP sessions: {}", e.toString());
        }
        stopQuietly();
    }

    private void stopQuietly() {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.debug("stopping Jetty: {}", e.toString());
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
