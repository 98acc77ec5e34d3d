package io.harnessrouter.host.http;

import io.harnessrouter.api.support.ProcessSpec;
import io.harnessrouter.host.runtime.Banner;
import io.harnessrouter.host.runtime.RouterRuntime;
import io.harnessrouter.host.runtime.RuntimeOptions;
import io.harnessrouter.host.runtime.ShutdownSignals;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code harness-router serve}: one {@link RouterRuntime} behind {@link HttpMcpServer} until
 * SIGTERM/SIGINT, then the stdio server's shutdown order: calls in flight cancelled (CLI trees
 * killed) and answered within a bound, sessions closed, state database closed, plugins unloaded.
 * Messages go to {@code err}; the token never does.
 */
public final class HttpServeCommand {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServeCommand.class);
    /** As the stdio server: a CLI that ignores SIGTERM gets SIGKILL after the kill grace. */
    private static final Duration IN_FLIGHT_BOUND = ProcessSpec.DEFAULT_KILL_GRACE.plusMillis(500);

    private final RuntimeOptions runtimeOptions;
    private final HttpMcpServer.Options options;
    private final String forcedAuthReason;

    /**
     * @param forcedAuthReason why auth is on although no one asked (a non-loopback bind), or empty
     */
    public HttpServeCommand(RuntimeOptions runtimeOptions, HttpMcpServer.Options options, String forcedAuthReason) {
        this.runtimeOptions = runtimeOptions;
        this.options = options;
        this.forcedAuthReason = forcedAuthReason;
    }

    /** Serves until a signal; 0 after a clean stop, 1 when the server could not start. */
    public int run(PrintStream err) throws InterruptedException {
        if (!forcedAuthReason.isEmpty()) {
            err.println("[harness-router] auth: bearer token required for every client (" + forcedAuthReason + ")");
        }
        if (options.authRequired() && options.tokenFile().read().isEmpty()) {
            options.tokenFile().rotate();
            err.println("[harness-router] auth: created a bearer token at " + options.tokenFile().path()
                    + "; clients send it as `Authorization: Bearer <token>` (print it with `harness-router auth show`)");
        }
        RouterRuntime runtime = new RouterRuntime(runtimeOptions);
        HttpMcpServer server = new HttpMcpServer(runtime, runtimeOptions.version(), options, Path.of("").toAbsolutePath());
        try {
            server.start();
        } catch (HttpMcpServer.BindFailedException e) {
            err.println("harness-router serve: " + e.getMessage());
            runtime.close();
            return 1;
        }
        CompletableFuture<String> stop = new CompletableFuture<>();
        ShutdownSignals.onTermination(stop::complete, runtime::close);
        err.println("harness-router listening on " + server.endpoint() + " (config " + runtime.configPath()
                + (options.authRequired() ? "; bearer auth on" : "; loopback clients, no auth") + ")");
        runtime.start().whenComplete((ok, failure) -> {
            if (stop.isDone()) {
                return;
            }
            if (failure != null) {
                err.println("[harness-router v" + runtimeOptions.version() + "] failed to start: " + failure);
                return;
            }
            try {
                Banner.lines(runtime.status(), runtimeOptions.version()).forEach(err::println);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("could not print the banner", e);
            }
        });
        String why;
        try {
            why = stop.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
        long t0 = System.nanoTime();
        server.shutdown(why, IN_FLIGHT_BOUND);
        runtime.close();
        LOG.debug("shut down in {} ms ({})", (System.nanoTime() - t0) / 1_000_000, why);
        return 0;
    }
}
