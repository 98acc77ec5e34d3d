package io.harnessrouter.host.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code harness-router} with no subcommand: the stdio MCP server an MCP host starts.
 */
@Command(name = "harness-router", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true, subcommands = {DoctorCommand.class, ServeCommand.class,
            AuthCommand.class, InstallCommand.class, UninstallCommand.class, CompletionCommand.class, PluginsCommand.class,
            RouteCommand.class, WhyCommand.class, ListServicesCommand.class, UsageCommand.class, OnboardCommand.class,
            DashboardCommand.class},
        description = {
            "Routes coding tasks across the AI subscriptions you already pay for, then metered APIs.",
            "With no command it runs the stdio MCP server; `harness-router install` adds it to your MCP hosts.",
            "stdout carries only JSON-RPC; logs go to stderr."
        })
final class RootCommand implements Callable<Integer> {

    private final PrintStream protocolOut;

    @Mixin
    SetupOptions setup = new SetupOptions();

    @Option(names = "--state-db", paramLabel = "<file>",
            description = "Shared state database (default: $HARNESS_ROUTER_STATE_DB, else ~/.harness-router/state.db).")
    Path stateDb;


    RootCommand(PrintStream protocolOut) {
        this.protocolOut = protocolOut;
    }

    @Override
    public Integer call() throws Exception {
        return StdioRootCommand.serve(setup, stateDb, protocolOut);
    }
}
