package io.harnessrouter.host.cli;

import picocli.CommandLine.Command;

/** {@code harness-router plugins disable <id>}: stops loading a user or bundled plugin, keeping its JAR. */
@Command(name = "disable", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Switches a plugin off (user or bundled) without deleting it; plugins enable turns it back on.",
            "Recorded in <user plugins dir>-disabled.txt beside the user plugins directory.",
            "Exit status: 0 done; 1 no such plugin; 2 usage error."})
final class PluginsDisableCommand extends PluginsStateCommand {

    PluginsDisableCommand() {
        super(true);
    }
}
