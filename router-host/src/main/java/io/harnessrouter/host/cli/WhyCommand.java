package io.harnessrouter.host.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.harnessrouter.host.runtime.StdioServerCommand;
import io.harnessrouter.host.state.DecisionRecord;
import io.harnessrouter.host.state.SqliteStateStore;
import io.harnessrouter.host.state.StateException;
import io.harnessrouter.host.state.StatePaths;
import io.harnessrouter.host.state.StateStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code harness-router why}: the router's recent decisions from the shared state file, written by
 * every process that routed (MCP servers, {@code serve}, {@code route}), oldest of the last N
 * first. Reads only; a state file that does not exist yet is reported, not created.
 * Exit codes: 0 shown (or nothing recorded yet), 1 the state file cannot be read, 2 usage error.
 */
@Command(name = "why", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Shows the router's recent decisions across every harness-router process on this machine: the route"
                    + " chosen and why, and every route tried or skipped with the reason and the duration.",
            "Prompts are never stored; the request id matches the attempt history and the logs."
        })
final class WhyCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> env;

    @ParentCommand
    RootCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--last", paramLabel = "<n>", defaultValue = "10",
            description = "How many of the newest decisions to show (default: ${DEFAULT-VALUE}; the state keeps "
                    + StateStore.DECISION_LIMIT + ").")
    int last;

    @Option(names = "--json", description = "Print a JSON array of decisions (oldest first) for programs.")
    boolean json;

    @Option(names = "--state-db", paramLabel = "<file>",
            description = "Shared state database (default: $HARNESS_ROUTER_STATE_DB, else ~/.harness-router/state.db).")
    Path stateDb;

    @Option(names = "--debug", description = "Show the stack trace of an unexpected failure.")
    boolean debug;

    WhyCommand() {
        this(System.getenv());
    }

    WhyCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Integer call() throws JsonProcessingException {
        if (last < 1) {
            throw new ParameterException(spec.commandLine(), "--last must be at least 1, got " + last);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path file = StatePaths.resolve(Optional.ofNullable(stateDb).or(() -> parentStateDb()), env,
                StdioServerCommand.home(env));
        List<DecisionRecord> decisions;
        if (!Files.exists(file)) {
            decisions = List.of();
            if (!json) {
                out.println("No decisions recorded yet: " + file + " does not exist (no call has been routed with it).");
                out.flush();
                return 0;
            }
        } else {
            try (SqliteStateStore store = SqliteStateStore.open(file)) {
                decisions = new ArrayList<>(store.recentDecisions(last));
            } catch (StateException e) {
                err.println(e.getMessage());
                if (debug) {
                    e.printStackTrace(err);
                }
                err.flush();
                return 1;
            }
        }
        List<DecisionRecord> oldestFirst = new ArrayList<>(decisions);
        Collections.reverse(oldestFirst);
        if (json) {
            ArrayNode array = JSON.createArrayNode();
            oldestFirst.forEach(d -> array.add(DecisionText.json(JSON, d)));
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array));
        } else if (oldestFirst.isEmpty()) {
            out.println("No decisions recorded yet in " + file + ".");
        } else {
            for (int i = 0; i < oldestFirst.size(); i++) {
                if (i > 0) {
                    out.println();
                }
                DecisionText.lines(oldestFirst.get(i)).forEach(out::println);
            }
        }
        out.flush();
        return 0;
    }

    private Optional<Path> parentStateDb() {
        return parent == null ? Optional.empty() : Optional.ofNullable(parent.stateDb);
    }
}
