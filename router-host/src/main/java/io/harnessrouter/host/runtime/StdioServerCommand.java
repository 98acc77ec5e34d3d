package io.harnessrouter.host.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Runs the stdio MCP server until stdin closes or the process gets SIGTERM/SIGINT, then kills
 * every child process, closes the state database and unloads the plugins. Exit code 0 in both
 * cases.
 */
public final class StdioServerCommand {
    private static final Logger LOG = LoggerFactory.getLogger(StdioServerCommand.class);
    private static final Duration EOF_GRACE = Duration.ofSeconds(2);

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
                Clock.systemUTC());
        RouterRuntime runtime = new RouterRuntime(options);
        StdioMcpServer server = new StdioMcpServer(runtime, version, new ObjectMapper(), stdin, protocolOut,
                Path.of("").toAbsolutePath(), EOF_GRACE);
        server.start();
        runtime.start().whenComplete((ok, err) -> printBanner(runtime, err));
        ShutdownSignals.onTermination(() -> {
            runtime.close();
            server.close();
        });
        server.awaitEnd();
        runtime.close();
        server.close();
        return 0;
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
