package io.harnessrouter.host.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harnessrouter.host.config.Config;
import io.harnessrouter.host.config.ConfigException;
import io.harnessrouter.host.config.ConfigLoader;
import io.harnessrouter.host.config.ConfigMissingException;
import io.harnessrouter.host.config.ConfigPaths;
import io.harnessrouter.host.config.RouteConfig;
import io.harnessrouter.host.quota.Measure;
import io.harnessrouter.host.quota.SpendCap;
import io.harnessrouter.host.runtime.StdioServerCommand;
import io.harnessrouter.host.state.SqliteStateStore;
import io.harnessrouter.host.state.StateException;
import io.harnessrouter.host.state.StatePaths;
import io.harnessrouter.host.state.UsageRow;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code harness-router usage}: calls, tokens and cost per day and route, per route and per model
 * from the shared state file, and what the subscription routes saved at the metered prices of the
 * config. Days are calendar days in {@code routing.spend_cap.zone} (UTC when unset). Reads the
 * state file only; never creates it. Exit codes: 0 reported, 1 the config or state file cannot be
 * read, 2 usage error.
 */
@Command(name = "usage", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Shows calls, tokens and cost per day, route and model from the shared state database, and the"
                    + " savings: what the tokens served by subscriptions would have cost at the price: of a metered"
                    + " route of the same model.",
            "Exit status: 0 when reported; 1 when the config or state database cannot be read; 2 on a usage error."
        })
final class UsageCommand implements Callable<Integer> {

    /** The longest span asked for: usage is kept a month and a day longer than the longest window anyway. */
    static final int MAX_DAYS = 400;

    private final Map<String, String> env;
    private final Clock clock;

    @ParentCommand
    RootCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    SetupOptions setup = new SetupOptions();

    @Option(names = "--state-db", paramLabel = "<file>",
            description = "Shared state database (default: $HARNESS_ROUTER_STATE_DB, else ~/.harness-router/state.db).")
    Path stateDb;

    @Option(names = "--days", paramLabel = "<n>", defaultValue = "7",
            description = "Report the last <n> calendar days, today included (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    /** For picocli: the process environment and the system clock. */
    UsageCommand() {
        this(System.getenv(), Clock.systemUTC());
    }

    /** For tests: this environment and clock. */
    UsageCommand(Map<String, String> env, Clock clock) {
        this.env = Map.copyOf(env);
        this.clock = clock;
    }

    @Override
    public Integer call() {
        if (days < 1 || days > MAX_DAYS) {
            throw new ParameterException(spec.commandLine(), "--days must be from 1 to " + MAX_DAYS + ", not " + days);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path home = StdioServerCommand.home(env);
        SetupOptions where = setup.orElse(parent == null ? null : parent.setup);
        Path configPath = ConfigPaths.resolve(Optional.ofNullable(where.config), env, home);
        List<RouteConfig> routes = List.of();
        ZoneId zone = SpendCap.DEFAULT_ZONE;
        try {
            Config config = ConfigLoader.load(configPath, env);
            routes = config.routes();
            zone = config.routing().spendCap().zone().orElse(SpendCap.DEFAULT_ZONE);
        } catch (ConfigMissingException e) {
            err.println("note: no config at " + configPath + ", so routes show no tier and no price: no savings.");
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 1;
        }
        Path file;
        List<UsageRow> rows;
        LocalDate today = clock.instant().atZone(zone).toLocalDate();
        LocalDate since = today.minusDays(days - 1L);
        try {
            file = StatePaths.resolve(Optional.ofNullable(stateDb), env, home);
            if (!Files.exists(file)) {
                rows = List.of();
            } else {
                try (SqliteStateStore store = SqliteStateStore.open(file)) {
                    rows = store.usageRows(since.atStartOfDay(zone).toInstant());
                }
            }
        } catch (StateException e) {
            err.println(e.getMessage());
            return 1;
        }
        UsageReport report = UsageReport.of(rows, routes, since, zone);
        if (json) {
            out.println(json(report, file));
        } else {
            text(report, file, out);
        }
        out.flush();
        return 0;
    }

    private static void text(UsageReport r, Path file, PrintWriter out) {
        out.printf(Locale.ROOT, "Usage since %s (%s), from %s%n", r.since(), r.zone().getId(), file);
        if (r.days().isEmpty()) {
            out.println();
            out.println("No usage recorded in these days.");
            return;
        }
        out.println();
        table(out, "DAY", r.days(), l -> l.day().toString());
        out.println();
        out.println("Per route:");
        table(out, "ROUTE", r.routes(), l -> l.route());
        out.println();
        out.println("Per model:");
        table(out, "MODEL", r.models(), l -> l.model());
        out.println();
        UsageReport.Line t = r.total();
        out.printf(Locale.ROOT, "Total: %d calls, %s input and %s output tokens, %s metered spend%n", t.calls(),
                Measure.TOKENS.format(t.inputTokens()), Measure.TOKENS.format(t.outputTokens()),
                Measure.USD.format(t.costUsd()));
        out.println();
        savings(r, out);
    }

    private static void table(PrintWriter out, String first, List<UsageReport.Line> lines,
                              java.util.function.Function<UsageReport.Line, String> key) {
        boolean perDay = first.equals("DAY");
        String format = perDay ? "  %-10s  %-32s  %-12s  %6s  %8s  %8s  %9s%n" : "  %-32s  %-12s  %6s  %8s  %8s  %9s%n";
        if (perDay) {
            out.printf(Locale.ROOT, format, "DAY", "ROUTE", "TIER", "CALLS", "INPUT", "OUTPUT", "COST");
        } else {
            out.printf(Locale.ROOT, format, first, first.equals("MODEL") ? "" : "TIER", "CALLS", "INPUT", "OUTPUT",
                    "COST");
        }
        for (UsageReport.Line l : lines) {
            String tier = first.equals("MODEL") ? "" : l.tier() == null ? "(not in config)" : l.tier().wireName();
            String calls = String.valueOf(l.calls());
            String in = Measure.TOKENS.format(l.inputTokens());
            String outTokens = Measure.TOKENS.format(l.outputTokens());
            String cost = Measure.USD.format(l.costUsd());
            if (perDay) {
                out.printf(Locale.ROOT, format, key.apply(l), l.route(), tier, calls, in, outTokens, cost);
            } else {
                out.printf(Locale.ROOT, format, key.apply(l), tier, calls, in, outTokens, cost);
            }
        }
    }

    private static void savings(UsageReport r, PrintWriter out) {
        if (r.savings().isEmpty()) {
            out.println("Savings: no tokens served by subscription routes in these days.");
            return;
        }
        out.printf(Locale.ROOT, "Savings: subscription-served tokens at the metered price of the same model: %s%n",
                Measure.USD.format(r.savedUsd()));
        for (UsageReport.Saving s : r.savings()) {
            String tokens = Measure.TOKENS.format(s.inputTokens()) + " input + "
                    + Measure.TOKENS.format(s.outputTokens()) + " output tokens";
            if (s.usd().isPresent()) {
                out.printf(Locale.ROOT, "  %s: %s at $%.2f/$%.2f per Mtok (price of %s) = %s%n", s.model(), tokens,
                        s.price().get().inputPerMtok(), s.price().get().outputPerMtok(), s.pricedBy().get(),
                        Measure.USD.format(s.usd().get()));
            } else {
                out.printf(Locale.ROOT, "  %s: %s; no price configured (add price: to a metered route of %s)%n",
                        s.model(), tokens, s.model());
            }
        }
    }

    private static String json(UsageReport r, Path file) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("state_db", file.toString());
        root.put("since", r.since().toString());
        root.put("zone", r.zone().getId());
        lines(root.putArray("days"), r.days());
        lines(root.putArray("routes"), r.routes());
        lines(root.putArray("models"), r.models());
        ObjectNode total = root.putObject("total");
        figures(total, r.total());
        ObjectNode savings = root.putObject("savings");
        savings.put("usd", r.savedUsd());
        ArrayNode per = savings.putArray("models");
        for (UsageReport.Saving s : r.savings()) {
            ObjectNode n = per.addObject();
            n.put("model", s.model());
            n.put("input_tokens", s.inputTokens());
            n.put("output_tokens", s.outputTokens());
            if (s.usd().isPresent()) {
                n.put("priced_by", s.pricedBy().get());
                n.put("input_per_mtok", s.price().get().inputPerMtok());
                n.put("output_per_mtok", s.price().get().outputPerMtok());
                n.put("usd", s.usd().get());
            } else {
                n.putNull("priced_by");
                n.putNull("usd");
                n.put("note", "no price configured: add price: to a metered route of " + s.model());
            }
        }
        try {
            return mapper.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("could not write the usage report as JSON", e);
        }
    }

    private static void lines(ArrayNode array, List<UsageReport.Line> lines) {
        for (UsageReport.Line l : lines) {
            ObjectNode n = array.addObject();
            if (l.day() != null) {
                n.put("day", l.day().toString());
            }
            if (l.route() != null) {
                n.put("route", l.route());
                if (l.tier() != null) {
                    n.put("tier", l.tier().wireName());
                } else {
                    n.putNull("tier");
                }
            }
            n.put("model", l.model());
            figures(n, l);
        }
    }

    private static void figures(ObjectNode n, UsageReport.Line l) {
        n.put("calls", l.calls());
        n.put("input_tokens", l.inputTokens());
        n.put("output_tokens", l.outputTokens());
        n.put("cost_usd", Math.round(l.costUsd() * 1_000_000) / 1_000_000.0);
    }
}
