package io.harnessrouter.host.cli;

import io.harnessrouter.host.config.ConfigException;
import io.harnessrouter.host.config.ConfigLoader;
import io.harnessrouter.host.config.ConfigMissingException;
import io.harnessrouter.host.config.ConfigPaths;
import io.harnessrouter.host.config.HttpSettings;
import io.harnessrouter.host.http.TokenFile;
import io.harnessrouter.host.runtime.StdioServerCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code harness-router auth [show]} and {@code auth rotate}: the bearer token {@code serve}
 * checks. The token goes to stdout only (it is the command's output); warnings to stderr. A
 * running {@code serve} picks up a rotated token on its next request and refuses the old one.
 */
@Command(name = "auth", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        subcommands = {AuthCommand.Show.class, AuthCommand.Rotate.class},
        description = {
            "Shows or rotates the bearer token that `harness-router serve` requires (file: http.auth.token_file,"
                    + " else $HARNESS_ROUTER_AUTH_TOKEN_FILE, else ~/.harness-router/auth.token).",
            "With no subcommand: show."
        })
final class AuthCommand implements Callable<Integer> {
    private final Map<String, String> env;

    @ParentCommand
    RootCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    SetupOptions setup = new SetupOptions();

    AuthCommand() {
        this(System.getenv());
    }

    /** For tests: this environment instead of the process's. */
    AuthCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Integer call() {
        return show(setup);
    }

    int show(SetupOptions own) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TokenFile file = tokenFile(own, err);
        Optional<String> token = file.read();
        if (token.isEmpty()) {
            err.println("No bearer token at " + file.path() + ". `harness-router auth rotate` creates one; so does"
                    + " `harness-router serve` when it needs one.");
            return 1;
        }
        file.tooOpenMode().ifPresent(mode -> err.println("warning: " + file.path() + " has mode " + mode
                + ", so other users can read the token; run: chmod 600 " + file.path()));
        out.println("Token at " + file.path() + ":");
        out.println();
        out.println("  " + token.get());
        out.println();
        return 0;
    }

    int rotate(SetupOptions own) {
        PrintWriter out = spec.commandLine().getOut();
        TokenFile file = tokenFile(own, spec.commandLine().getErr());
        String token = file.rotate();
        out.println("Rotated token at " + file.path() + ":");
        out.println();
        out.println("  " + token);
        out.println();
        out.println("A running harness-router serve refuses the old token from its next request on; update your clients.");
        return 0;
    }

    /** The token file the config names, or the default; a config that does not load is reported. */
    private TokenFile tokenFile(SetupOptions own, PrintWriter err) {
        SetupOptions where = own.orElse(setup.orElse(parent == null ? null : parent.setup));
        Path home = StdioServerCommand.home(env);
        Path configPath = ConfigPaths.resolve(Optional.ofNullable(where.config), env, home);
        HttpSettings http = HttpSettings.DEFAULTS;
        try {
            http = ConfigLoader.load(configPath, env).http();
        } catch (ConfigMissingException e) {
            // No config: the default token file.
        } catch (ConfigException e) {
            err.println("warning: " + configPath + " does not load, so http.auth.token_file is not read;"
                    + " using $" + TokenFile.ENV_VAR + " or the default (" + e.problems().size() + " problem(s))");
        }
        return TokenFile.resolve(http.tokenFile(), env, home);
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Prints the token and its file.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        AuthCommand auth;

        @Mixin
        SetupOptions setup = new SetupOptions();

        @Override
        public Integer call() {
            return auth.show(setup);
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Writes a new token (mode 0600); a running serve refuses the old one at once.")
    static final class Rotate implements Callable<Integer> {
        @ParentCommand
        AuthCommand auth;

        @Mixin
        SetupOptions setup = new SetupOptions();

        @Override
        public Integer call() {
            return auth.rotate(setup);
        }
    }
}
