package io.harnessrouter.host.cli;

import io.harnessrouter.host.plugins.PluginInstallException;
import io.harnessrouter.host.plugins.PluginInstaller;
import io.harnessrouter.host.plugins.PluginStateFile;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What {@code plugins disable} and {@code plugins enable} share: they differ only in the state they write. */
abstract class PluginsStateCommand implements Callable<Integer> {

    private final boolean disable;

    @ParentCommand
    PluginsCommand plugins;

    @Spec
    CommandSpec spec;

    @Mixin
    SetupOptions setup = new SetupOptions();

    @Parameters(index = "0", paramLabel = "<id>", description = "The plugin id (see plugins list).")
    String id;

    PluginsStateCommand(boolean disable) {
        this.disable = disable;
    }

    @Override
    public Integer call() throws Exception {
        var dirs = plugins.dirs(setup);
        try {
            boolean changed = new PluginInstaller(dirs, plugins.systemVersion()).setDisabled(id, disable);
            String state = disable ? "disabled" : "enabled";
            spec.commandLine().getOut().println(changed
                    ? "Plugin " + id + " is now " + state + " (" + PluginStateFile.of(dirs).path() + ")."
                            + " A running server notices within about a second."
                    : "Plugin " + id + " was already " + state + ".");
            spec.commandLine().getOut().flush();
            return 0;
        } catch (PluginInstallException e) {
            spec.commandLine().getErr().println("harness-router plugins " + (disable ? "disable" : "enable") + ": "
                    + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }
}
