package io.harnessrouter.host.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.host.routing.RouteRequest;
import io.harnessrouter.host.routing.Router;
import io.harnessrouter.host.routing.RoutingFixture;
import io.harnessrouter.host.status.StatusReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The stdio MCP server in process over pipes, with a router over a {@link RoutingFixture}; the
 * raw client writes bytes and collects every line the server writes.
 */
final class InProcessServer implements AutoCloseable {
    final RoutingFixture fixture;
    final StdioMcpServer server;
    final PipedOutputStream toServer;
    final RawMcpClient client;

    InProcessServer(RoutingFixture fixture, Path dir, UnaryOperator<Runnable> handOff) throws IOException {
        this.fixture = fixture;
        toServer = new PipedOutputStream();
        InputStream serverIn = new PipedInputStream(toServer, 1 << 20);
        PipedOutputStream serverOut = new PipedOutputStream();
        InputStream clientIn = new PipedInputStream(serverOut, 1 << 20);
        server = new StdioMcpServer(service(fixture), "9.9.9", new ObjectMapper(), serverIn, serverOut, dir, handOff);
        server.start();
        client = new RawMcpClient(toServer, clientIn);
    }

    static RoutingService service(RoutingFixture fixture) {
        return new RoutingService() {
            @Override
            public Router router() {
                return fixture.router();
            }

            @Override
            public StatusReport status() {
                return StatusReport.build(fixture.table(), fixture.store, fixture.clock.instant(), Duration.ofSeconds(300),
                        io.harnessrouter.host.status.ConfigStatus.loaded(Path.of("/cfg/config.yaml"), List.of()),
                        io.harnessrouter.host.status.Blockers.fromAvailabilityOnly(),
                        fixture.router().plan(RouteRequest.of("s", "")).stream().findFirst(), List.of(), Optional.empty());
            }
        };
    }

    /** Raw bytes, as a hostile client may send them. */
    void sendBytes(byte[] bytes) throws IOException {
        OutputStream out = toServer;
        out.write(bytes);
        out.flush();
    }

    @Override
    public void close() throws Exception {
        client.close();
        server.shutdown("test over", Duration.ofSeconds(2));
        fixture.close();
    }
}
