package io.harnessrouter.host.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessrouter.api.Availability;
import io.harnessrouter.host.doctor.DoctorOptions;
import io.harnessrouter.host.doctor.DoctorSession;
import io.harnessrouter.host.routing.RouteEntry;
import io.harnessrouter.host.routing.RoutingTable;
import io.harnessrouter.host.runtime.RoutingTables;
import io.harnessrouter.host.runtime.StdioServerCommand;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code harness-router list-services}: every route id of the config with its model, tier, harness,
 * the model id it sends, and whether it is available (with the reason when not), from the config
 * and the plugin registry loaded exactly as the server loads them. Dispatches nothing and opens no
 * state file (breakers and quota are {@code why}'s and the status resources' business).
 * Exit codes: 0 listed, 1 the config is missing or invalid, 2 usage error.
 */
@Command(name = "list-services", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Lists every route of the config: id, model, tier, harness, the model id it sends and its"
                    + " availability on this machine (disabled, no plugin, CLI not installed, ...).",
            "Sends no prompt; see `harness-router doctor` for a live check."
        })
final class ListServicesCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> env;

    @ParentCommand
    RootCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    SetupOptions setup = new SetupOptions();

    @Option(names = "--json", description = "Print {\"config\": <file>, \"routes\": [...]} for programs.")
    boolean json;

    /** One route as listed. */
    record Row(String id, String model, String tier, String harness, String cliModel, boolean enabled,
               Availability availability) {
    }

    ListServicesCommand() {
        this(System.getenv());
    }

    ListServicesCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Integer call() throws JsonProcessingException {
        SetupOptions where = setup.orElse(parent == null ? null : parent.setup);
        DoctorOptions options = new DoctorOptions(Optional.ofNullable(where.config), Optional.ofNullable(where.pluginsDir),
                Optional.empty(), false, env, StdioServerCommand.home(env), VersionProvider.version(),
                DoctorOptions.CHECK_TIMEOUT, DoctorOptions.PROBE_TIMEOUT);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (DoctorSession session = DoctorSession.open(options)) {
            if (session.config().isEmpty()) {
                err.println(session.configError().orElse("No configuration at " + session.configPath()));
                err.flush();
                return 1;
            }
            RoutingTable table = RoutingTables.build(session.config().get(), session.registry(), session.context());
            List<Row> rows = rows(table);
            if (json) {
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json(session, table, rows)));
            } else {
                text(out, session, table, rows);
            }
            out.flush();
            return 0;
        }
    }

    private static List<Row> rows(RoutingTable table) {
        List<Row> rows = new ArrayList<>();
        for (RouteEntry e : table.entries()) {
            Availability a;
            try {
                a = e.availability();
            } catch (RuntimeException | LinkageError ex) {
                a = Availability.unavailable("the " + e.spec().harnessId() + " plugin failed to report availability: "
                        + ex);
            }
            rows.add(new Row(e.id(), e.spec().model(), e.spec().tier().wireName(), e.spec().harnessId(),
                    e.spec().cliModel(), e.enabled(), a));
        }
        return rows;
    }

    private static void text(PrintWriter out, DoctorSession session, RoutingTable table, List<Row> rows) {
        out.println("Routes in " + session.configPath() + " (priority " + String.join(" → ", table.priority()) + "):");
        int width = rows.stream().mapToInt(r -> r.id().length()).max().orElse(0);
        for (Row r : rows) {
            String state = r.availability().isAvailable() ? "✓ available" : "✗ " + r.availability().reason();
            out.println("  " + pad(r.id(), width) + "  model=" + r.model() + " tier=" + r.tier() + " harness="
                    + r.harness() + " sends=" + r.cliModel() + "  " + state);
        }
        long usable = rows.stream().filter(r -> r.availability().isAvailable()).count();
        out.println(usable + "/" + rows.size() + " routes available");
    }

    private static ObjectNode json(DoctorSession session, RoutingTable table, List<Row> rows) {
        ObjectNode root = JSON.createObjectNode();
        root.put("config", session.configPath().toString());
        ArrayNode priority = root.putArray("priority");
        table.priority().forEach(priority::add);
        ArrayNode routes = root.putArray("routes");
        for (Row r : rows) {
            ObjectNode o = routes.addObject();
            o.put("id", r.id());
            o.put("model", r.model());
            o.put("tier", r.tier());
            o.put("harness", r.harness());
            o.put("cli_model", r.cliModel());
            o.put("enabled", r.enabled());
            o.put("available", r.availability().isAvailable());
            if (r.availability().isAvailable()) {
                o.putNull("reason");
            } else {
                o.put("reason", r.availability().reason());
            }
        }
        return root;
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
