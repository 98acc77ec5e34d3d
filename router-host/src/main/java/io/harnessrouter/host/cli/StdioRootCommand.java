package io.harnessrouter.host.cli;

import io.harnessrouter.host.runtime.StdioServerCommand;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@link RootCommand} without its subcommands, for the one thing an MCP host runs on every
 * session: {@code harness-router [--config f] [--state-db f] [--plugins-dir d]}, the stdio server.
 * {@link Main} takes it when the arguments hold nothing else, so the host's start does not pay for
 * building seventeen commands it will not run. Same options, same behaviour.
 */
@Command(name = "harness-router")
final class StdioRootCommand implements Callable<Integer> {

    private final PrintStream protocolOut;

    @Mixin
    SetupOptions setup = new SetupOptions();

    @Option(names = "--state-db", paramLabel = "<file>")
    Path stateDb;

    StdioRootCommand(PrintStream protocolOut) {
        this.protocolOut = protocolOut;
    }

    @Override
    public Integer call() throws Exception {
        return serve(setup, stateDb, protocolOut);
    }

    /** Runs the stdio server with these options until stdin ends or a signal stops it. */
    static int serve(SetupOptions setup, Path stateDb, PrintStream protocolOut) throws Exception {
        return new StdioServerCommand(setup.config, stateDb, setup.pluginsDir, VersionProvider.version())
                .run(System.in, protocolOut);
    }
}
