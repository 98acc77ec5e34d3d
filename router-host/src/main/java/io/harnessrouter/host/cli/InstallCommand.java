package io.harnessrouter.host.cli;

import io.harnessrouter.api.HarnessRouterException;
import io.harnessrouter.host.install.HostResult;
import io.harnessrouter.host.install.HostResult.Status;
import io.harnessrouter.host.install.InstallEnv;
import io.harnessrouter.host.install.Installer;
import io.harnessrouter.host.install.Launcher;
import io.harnessrouter.host.install.McpServer;
import io.harnessrouter.host.install.Scope;
import io.harnessrouter.host.runtime.StdioServerCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code harness-router install}: adds the server to MCP hosts' config files, pointing at this
 * distribution's launcher by absolute path. Exit codes: 0 done (or already up to date), 1 a host
 * failed or none was found, 2 usage error.
 */
@Command(name = "install", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Adds harness-router to MCP hosts' config files (docs/operations.md has the table): the entry runs"
                    + " this distribution's launcher by absolute path, with --config when given, and lets the"
                    + " host call the code tool without asking where the host has a setting for it.",
            "Only our entry is edited: other entries, key order, comments and formatting stay; a file is backed"
                    + " up once (<file>.harness-router.bak) before its first change and replaced atomically;"
                    + " an entry already up to date leaves the file untouched.",
            "Exit status: 0 done; 1 a host failed or no host was found; 2 usage error."
        })
final class InstallCommand implements Callable<Integer> {

    private final InstallEnv env;
    private final Optional<String> launcherHome;

    @ParentCommand
    RootCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    HostOptions hosts = new HostOptions();

    @Option(names = "--config", paramLabel = "<file>",
            description = "Config file the host's server should use: passed to it as --config <absolute path>.")
    Path config;

    /** For picocli: this machine. */
    InstallCommand() {
        this(InstallEnv.current(StdioServerCommand.home(System.getenv())), HostOptions.launcherHome(System.getenv()));
    }

    /** For tests: this machine description and this distribution directory. */
    InstallCommand(InstallEnv env, Optional<String> launcherHome) {
        this.env = env;
        this.launcherHome = launcherHome;
    }

    @Override
    public Integer call() throws Exception {
        String name = hosts.name(spec.commandLine());
        Scope scope = hosts.scope(spec.commandLine());
        var targets = hosts.hosts(spec.commandLine());
        Path where = config != null ? config : parent == null ? null : parent.setup.config;
        List<String> args = new ArrayList<>();
        if (where != null) {
            args.add("--config");
            args.add(where.toAbsolutePath().normalize().toString());
        }
        Path launcher;
        try {
            launcher = Launcher.locate(launcherHome);
        } catch (HarnessRouterException e) {
            spec.commandLine().getErr().println("harness-router install: " + e.getMessage());
            return 1;
        }
        McpServer server = new McpServer(name, launcher, args);
        List<HostResult> results = new Installer(env, scope).install(targets, server, hosts.print);
        String scopeName = scope.name().toLowerCase(Locale.ROOT);
        if (hosts.json) {
            HostReport.json(spec.commandLine().getOut(), "install", name, scopeName, hosts.print, Optional.of(launcher),
                    args, results);
        } else {
            String heading = (hosts.print ? "Entries for " : "Installing ") + name + " (" + launcher
                    + (args.isEmpty() ? "" : " " + String.join(" ", args)) + "), " + scopeName + " scope"
                    + (hosts.print ? "; nothing is written:" : ":");
            HostReport.text(spec.commandLine().getOut(), spec.commandLine().getErr(), heading, hosts.print, results);
            if (!hosts.print && results.stream().anyMatch(r -> r.status() == Status.ADDED || r.status() == Status.UPDATED)) {
                spec.commandLine().getOut().println("Restart those hosts (or start a new session) to load it;"
                        + " `harness-router doctor` checks the routes.");
            }
        }
        return HostReport.exitCode(results, hosts.print);
    }
}
