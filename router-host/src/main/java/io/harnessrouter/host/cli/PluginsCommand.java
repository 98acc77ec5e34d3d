package io.harnessrouter.host.cli;

import io.harnessrouter.host.plugins.HarnessRegistry;
import io.harnessrouter.host.plugins.PluginDirs;
import io.harnessrouter.host.runtime.RouterRuntime;
import io.harnessrouter.host.runtime.StdioServerCommand;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code harness-router plugins}: lists, installs, removes, disables, enables and describes plugins
 * in the user plugins directory ({@code --plugins-dir}, else {@code $HARNESS_ROUTER_PLUGINS_DIR},
 * else {@code ~/.harness-router/plugins}). The subcommands share this command's environment and
 * version, which tests replace. Exit codes: 0 done, 1 refused or failed (the reason on stderr, no
 * stack trace), 2 usage error.
 */
@Command(name = "plugins", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        subcommands = {PluginsListCommand.class, PluginsInfoCommand.class, PluginsInstallCommand.class,
            PluginsRemoveCommand.class, PluginsDisableCommand.class, PluginsEnableCommand.class},
        description = {
            "Manages harness plugins: the bundled ones in the distribution's plugins/ and yours in the user"
                    + " plugins directory.",
            "A running server notices installs, removals and enable/disable within about a second, on its"
                    + " next request; no restart is needed.",
            "Exit status: 0 done; 1 refused or failed; 2 usage error."
        })
final class PluginsCommand implements Callable<Integer> {

    private final Map<String, String> env;
    private final String version;

    @ParentCommand
    RootCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    SetupOptions setup = new SetupOptions();

    /** For picocli: the process environment and this build's version. */
    PluginsCommand() {
        this(System.getenv(), VersionProvider.version());
    }

    /** For tests: this environment and this host version ({@code 0.1.0}, checked against Plugin-Requires). */
    PluginsCommand(Map<String, String> env, String version) {
        this.env = Map.copyOf(env);
        this.version = version;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "name a command: list, info, install, remove, disable or enable");
    }

    Map<String, String> env() {
        return env;
    }

    /** The version Plugin-Requires is checked against. */
    String systemVersion() {
        return RouterRuntime.systemVersion(version);
    }

    /** The plugin directories, with a subcommand's {@code --plugins-dir} winning over this command's and the root's. */
    PluginDirs dirs(SetupOptions sub) {
        SetupOptions where = sub.orElse(setup.orElse(parent == null ? null : parent.setup));
        return PluginDirs.resolve(Optional.ofNullable(where.pluginsDir), env, StdioServerCommand.home(env));
    }

    /** Loads the plugins as the server would: bundled and user, honouring plugins disable. */
    HarnessRegistry load(SetupOptions sub) {
        return HarnessRegistry.load(dirs(sub), systemVersion());
    }
}
