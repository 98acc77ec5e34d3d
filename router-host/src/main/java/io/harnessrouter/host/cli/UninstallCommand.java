package io.harnessrouter.host.cli;

import io.harnessrouter.host.install.HostResult;
import io.harnessrouter.host.install.InstallEnv;
import io.harnessrouter.host.install.Installer;
import io.harnessrouter.host.install.Scope;
import io.harnessrouter.host.runtime.StdioServerCommand;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code harness-router uninstall}: removes our entry from MCP hosts' config files and leaves
 * everything else in them as it was. Exit codes as {@link InstallCommand}.
 */
@Command(name = "uninstall", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Removes the harness-router entry (--name) from MCP hosts' config files; with no --target from every"
                    + " host whose config file exists. Other entries, comments and formatting stay; a file is"
                    + " backed up once before its first change.",
            "Exit status: 0 done (also when the entry was not there); 1 a host failed or no file was found;"
                    + " 2 usage error."
        })
final class UninstallCommand implements Callable<Integer> {

    private final InstallEnv env;

    @Spec
    CommandSpec spec;

    @Mixin
    HostOptions hosts = new HostOptions();

    /** For picocli: this machine. */
    UninstallCommand() {
        this(InstallEnv.current(StdioServerCommand.home(System.getenv())));
    }

    /** For tests: this machine description. */
    UninstallCommand(InstallEnv env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        String name = hosts.name(spec.commandLine());
        Scope scope = hosts.scope(spec.commandLine());
        var targets = hosts.hosts(spec.commandLine());
        List<HostResult> results = new Installer(env, scope).uninstall(targets, name, hosts.print);
        String scopeName = scope.name().toLowerCase(Locale.ROOT);
        if (hosts.json) {
            HostReport.json(spec.commandLine().getOut(), "uninstall", name, scopeName, hosts.print, Optional.empty(),
                    List.of(), results);
        } else {
            HostReport.text(spec.commandLine().getOut(), spec.commandLine().getErr(), (hosts.print ? "Would remove "
                    : "Removing ") + name + ", " + scopeName + " scope" + (hosts.print ? "; nothing is written:" : ":"),
                    hosts.print, results);
        }
        return HostReport.exitCode(results, hosts.print);
    }
}
