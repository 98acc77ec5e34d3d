package io.harnessrouter.host.cli;

import io.harnessrouter.host.plugins.PluginInstallException;
import io.harnessrouter.host.plugins.PluginInstaller;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code harness-router plugins remove <id>}: deletes a user plugin's JAR. Exit 0 removed, 1 not found. */
@Command(name = "remove", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Deletes a user plugin (by plugin id or JAR file name) from the user plugins directory.",
            "Bundled plugins cannot be removed: disable them. A running server stops serving it within about a second.",
            "Exit status: 0 removed; 1 no such user plugin; 2 usage error."})
final class PluginsRemoveCommand implements Callable<Integer> {

    @ParentCommand
    PluginsCommand plugins;

    @Spec
    CommandSpec spec;

    @Mixin
    SetupOptions setup = new SetupOptions();

    @Parameters(index = "0", paramLabel = "<id>", description = "The plugin id (see plugins list).")
    String id;

    @Override
    public Integer call() throws Exception {
        try {
            List<Path> removed = new PluginInstaller(plugins.dirs(setup), plugins.systemVersion()).remove(id);
            removed.forEach(jar -> spec.commandLine().getOut().println("Removed plugin " + id + ": deleted " + jar));
            spec.commandLine().getOut().flush();
            return 0;
        } catch (PluginInstallException e) {
            spec.commandLine().getErr().println("harness-router plugins remove: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }
}
