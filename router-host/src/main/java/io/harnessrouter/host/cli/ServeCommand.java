package io.harnessrouter.host.cli;

import io.harnessrouter.host.config.ConfigException;
import io.harnessrouter.host.config.ConfigLoader;
import io.harnessrouter.host.config.ConfigMissingException;
import io.harnessrouter.host.config.ConfigPaths;
import io.harnessrouter.host.config.HttpSettings;
import io.harnessrouter.host.http.HttpMcpServer;
import io.harnessrouter.host.http.HttpServeCommand;
import io.harnessrouter.host.http.TokenFile;
import io.harnessrouter.host.runtime.RuntimeOptions;
import io.harnessrouter.host.runtime.StdioServerCommand;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code harness-router serve}: MCP Streamable HTTP at {@code /mcp} for several hosts or machines
 * sharing one router. The config's {@code http:} block is read once at start; flags win over it.
 * Exit codes: 0 after SIGTERM/SIGINT, 1 when it cannot start (config invalid, port taken), 2 on a
 * usage error.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Serves MCP over Streamable HTTP at http://<bind>:<port>/mcp, one router for every client.",
            "Loopback clients need no token unless --require-auth or http.auth.required; a non-loopback bind"
                    + " always requires the bearer token (see `harness-router auth show`). See docs/http.md."
        })
final class ServeCommand implements Callable<Integer> {
    static final Set<String> LOOPBACK = Set.of("127.0.0.1", "::1", "[::1]", "localhost");

    @ParentCommand
    RootCommand parent;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    SetupOptions setup = new SetupOptions();

    @Option(names = "--port", paramLabel = "<port>",
            description = "TCP port (default: http.port, else 8765; 0 picks a free one).")
    Integer port;

    @Option(names = "--bind", paramLabel = "<address>",
            description = "Address to listen on (default: http.bind, else 127.0.0.1).")
    String bind;

    @Option(names = "--require-auth",
            description = "Require the bearer token from loopback clients too (as http.auth.required: true).")
    boolean requireAuth;

    @Option(names = "--state-db", paramLabel = "<file>",
            description = "Shared state database (default: $HARNESS_ROUTER_STATE_DB, else ~/.harness-router/state.db).")
    Path stateDb;

    /** The server options, and why auth was forced on (empty when it was asked for or is off). */
    record Resolved(HttpMcpServer.Options options, String forcedAuthReason) {
    }

    /** Flags over the config's {@code http:} block; a non-loopback bind forces auth on. */
    Resolved resolve(HttpSettings http, Map<String, String> env, Path home) {
        String address = bind != null ? bind : http.bind();
        boolean loopback = LOOPBACK.contains(address);
        boolean asked = requireAuth || (http.authRequired() && LOOPBACK.contains(http.bind()));
        String forced = !loopback && !asked ? "bind " + address + " is not a loopback address" : "";
        return new Resolved(new HttpMcpServer.Options(address, port != null ? port : http.port(), asked || !loopback,
                TokenFile.resolve(http.tokenFile(), env, home), http.limits()), forced);
    }

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        if (port != null && (port < 0 || port > 65_535)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--port: expected a TCP port from 0 to 65535, got " + port);
        }
        SetupOptions where = setup.orElse(parent == null ? null : parent.setup);
        Map<String, String> env = System.getenv();
        Path home = StdioServerCommand.home(env);
        Path configPath = ConfigPaths.resolve(Optional.ofNullable(where.config), env, home);
        HttpSettings http;
        try {
            http = ConfigLoader.load(configPath, env).http();
        } catch (ConfigMissingException e) {
            http = HttpSettings.DEFAULTS;
        } catch (ConfigException e) {
            err.println("harness-router serve: the config does not load, so its http: settings are unknown:");
            err.println(e.getMessage());
            return 1;
        }
        Resolved resolved = resolve(http, env, home);
        RuntimeOptions runtime = new RuntimeOptions(Optional.ofNullable(where.config),
                Optional.ofNullable(stateDb != null ? stateDb : parent == null ? null : parent.stateDb),
                Optional.ofNullable(where.pluginsDir), env, home, VersionProvider.version(), Clock.systemDefaultZone());
        return new HttpServeCommand(runtime, resolved.options(), resolved.forcedAuthReason()).run(err);
    }
}
