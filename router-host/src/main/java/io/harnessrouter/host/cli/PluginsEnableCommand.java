package io.harnessrouter.host.cli;

import picocli.CommandLine.Command;

/** {@code harness-router plugins enable <id>}: loads a plugin that {@code plugins disable} switched off. */
@Command(name = "enable", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Switches a plugin that plugins disable switched off back on.",
            "Exit status: 0 done; 1 no such plugin; 2 usage error."})
final class PluginsEnableCommand extends PluginsStateCommand {

    PluginsEnableCommand() {
        super(false);
    }
}
