package io.harnessrouter.host.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.api.support.ProcessSpec;
import io.harnessrouter.host.mcp.StdioMcpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the stdio MCP server until stdin closes or the process gets SIGTERM/SIGINT, then cancels
 * the calls in flight (killing their CLI trees), answers what can still be answered, closes the
 * state database and unloads the plugins. Exit code 0 in every case. The main thread does the
 * cleanup; the signal handler only wakes it, so a signal and EOF take the same, fast path.
 */
public final class StdioServerCommand {
    private static final Logger LOG = LoggerFactory.getLogger(StdioServerCommand.class);
    /**
     * How long shutdown waits for cancelled calls to answer: a CLI that ignores SIGTERM gets
     * SIGKILL after the runner's kill grace, so this covers the grace plus the bookkeeping.
     */
    private static final Duration IN_FLIGHT_BOUND = ProcessSpec.DEFAULT_KILL_GRACE.plusMillis(500);

    private final Optional<Path> config;
    private final Optional<Path> stateDb;
    private final Optional<Path> pluginsDir;
    private final String version;

    public StdioServerCommand(Path config, Path stateDb, Path pluginsDir, String version) {
        this.config = Optional.ofNullable(config);
        this.stateDb = Optional.ofNullable(stateDb);
        this.pluginsDir = Optional.ofNullable(pluginsDir);
        this.version = version;
    }

    public int run(InputStream stdin, OutputStream protocolOut) throws InterruptedException {
        Map<String, String> env = System.getenv();
        RuntimeOptions options = new RuntimeOptions(config, stateDb, pluginsDir, env, home(env), version,
                Clock.systemDefaultZone());
        RouterRuntime runtime = new RouterRuntime(options);
        StdioMcpServer server = new StdioMcpServer(runtime, version, new ObjectMapper(), stdin, protocolOut,
                Path.of("").toAbsolutePath());
        if (stdin == System.in) {
            server.inputWaker(ExitLatency::wakeStdinReader);
        }
        server.start();
        System.err.println("[harness-router v" + version + "] serving MCP on stdio (config " + runtime.configPath()
                + "); loading plugins, state and config");
        Shutdown shutdown = new Shutdown();
        runtime.start().whenComplete((ok, err) -> {
            if (!shutdown.requested()) {
                printBanner(runtime, err);
            }
        });
        ShutdownSignals.onTermination(shutdown::request, runtime::close);
        Thread eof = new Thread(() -> {
            try {
                server.awaitEnd();
                shutdown.request("stdin closed");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "harness-router-eof");
        eof.setDaemon(true);
        eof.start();
        String why = shutdown.await();
        long t0 = System.nanoTime();
        // Calls in flight are cancelled: their CLI trees get SIGTERM (SIGKILL after the kill grace),
        // their attempts are recorded as cancelled while the state store is still open, and their
        // answers are written if stdout still reads.
        server.shutdown(why, IN_FLIGHT_BOUND);
        runtime.close();
        LOG.debug("shut down in {} ms ({})", (System.nanoTime() - t0) / 1_000_000, why);
        return 0;
    }

    /** The first reason to stop, from stdin EOF or a signal, whichever comes first. */
    private static final class Shutdown {
        private final java.util.concurrent.CompletableFuture<String> reason = new java.util.concurrent.CompletableFuture<>();

        void request(String why) {
            reason.complete(why);
        }

        boolean requested() {
            return reason.isDone();
        }

        String await() throws InterruptedException {
            try {
                return reason.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * {@code $HOME} when set (as the npm tool and every shell tool resolve {@code ~}), else the
     * JVM's {@code user.home}, which comes from the password database and ignores {@code $HOME}.
     */
    public static Path home(Map<String, String> env) {
        String home = env.get("HOME");
        return home == null || home.isBlank() ? Path.of(System.getProperty("user.home")) : Path.of(home);
    }

    private void printBanner(RouterRuntime runtime, Throwable err) {
        if (err != null) {
            System.err.println("[harness-router v" + version + "] failed to start: " + err);
            return;
        }
        try {
            Banner.lines(runtime.status(), version).forEach(System.err::println);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("could not print the banner", e);
        }
    }
}
