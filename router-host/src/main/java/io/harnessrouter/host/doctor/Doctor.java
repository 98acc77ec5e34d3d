package io.harnessrouter.host.doctor;

import io.harnessrouter.api.DoctorProbe;
import io.harnessrouter.api.ProbeReport;
import io.harnessrouter.host.config.Config;
import io.harnessrouter.host.config.RouteConfig;
import io.harnessrouter.host.doctor.HarnessCheck.CommandCheck;
import io.harnessrouter.host.plugins.HarnessInfo;
import io.harnessrouter.host.plugins.PluginProblem;
import io.harnessrouter.host.routing.RouteEntry;
import io.harnessrouter.host.routing.RoutingTable;
import io.harnessrouter.host.runtime.RoutingTables;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * {@code harness-router doctor}: prints what was loaded (plugins, config), checks every harness
 * (or the one asked for) with its {@link DoctorProbe}, sends every enabled route a live probe
 * unless told not to, and returns the exit code: 0 when the config loaded, every enabled route can
 * run as configured (a plugin provides its harness, the variables it uses are set), every harness
 * checked is ready and every enabled route probed answered; 1 otherwise. A missing or broken config is
 * reported and the harness checks go on with each harness's default command (the npm tool
 * crashed, its bug B4).
 *
 * <p>Not thread-safe: run one report at a time. The caller closes the {@link DoctorSession}.
 */
public final class Doctor {

    /** The prompt of {@link DoctorProbe#liveProbePrompt()}'s default, for routes without a plugin. */
    static final String DEFAULT_PROMPT = ((DoctorProbe) (command, timeout) -> null).liveProbePrompt();

    private final DoctorSession session;
    private final ReportWriter report;
    private final Style style;

    /**
     * @param session what was loaded; {@link DoctorSession#unknownHarness()} must be false
     * @param out     where the report goes (the command's stdout)
     * @param err     where plugin problems go (the command's stderr)
     * @param style   plain or coloured marks ({@link Style#detect})
     */
    public Doctor(DoctorSession session, PrintWriter out, PrintWriter err, Style style) {
        if (session.unknownHarness()) {
            throw new IllegalArgumentException("unknown harness " + session.options().harness().orElse(""));
        }
        this.session = session;
        this.style = style;
        this.report = new ReportWriter(out, err, style, Redactor.of(session.options().env(), session.config()));
    }

    /** Runs every check, prints the report and returns the exit code (0 all good, 1 not). */
    public int run() {
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "doctor-check");
            t.setDaemon(true);
            return t;
        });
        try {
            report.line(style.heading("harness-router doctor") + " (version " + session.options().version() + ")");
            report.blank();
            printPlugins();
            boolean configLoaded = printConfig();
            // Built once: the blocked-route list and the probes see the same dispatchers.
            Optional<RoutingTable> table = session.config()
                    .map(c -> RoutingTables.build(c, session.registry(), session.context()));
            int blocked = printBlockedRoutes(table);
            report.blank();
            List<HarnessCheck> checks = checkHarnesses(new HarnessChecker(session, pool));
            report.blank();
            Optional<List<RouteProbe>> probes = probeRoutes(new RouteProber(session.options().probeTimeout(), pool), table);
            return printFooter(configLoaded, blocked, checks, probes);
        } finally {
            pool.shutdownNow();
        }
    }

    private void printPlugins() {
        List<HarnessInfo> harnesses = session.registry().harnesses();
        String ids = harnesses.stream().map(HarnessInfo::id).collect(Collectors.joining(", "));
        String dirs = session.pluginDirs().stream().map(Path::toString).collect(Collectors.joining(", "));
        report.line(style.heading("Plugins:") + " " + count(harnesses.size(), "harness", "harnesses")
                + (ids.isEmpty() ? "" : " (" + ids + ")") + " from " + dirs);
        session.registry().notices().forEach(n -> report.line("  note: " + n));
        List<PluginProblem> problems = session.registry().problems();
        for (PluginProblem problem : problems) {
            report.problem("plugin problem: " + problem);
        }
        if (!problems.isEmpty()) {
            report.line("  " + style.fail() + " " + count(problems.size(), "plugin", "plugins")
                    + " could not be used; the problems are listed on stderr");
        }
        if (harnesses.isEmpty()) {
            report.line("  " + style.fail() + " no harness found: reinstall harness-router, or put plugin JARs into "
                    + session.pluginDirs().get(0));
        }
    }

    private boolean printConfig() {
        Optional<Config> config = session.config();
        if (config.isEmpty()) {
            report.line(style.heading("Config:") + " " + style.fail() + " " + session.configPath() + " could not be loaded");
            session.configError().orElse("").lines().forEach(l -> report.line("  " + l));
            report.line("  Checking each harness with its default command; no route is probed.");
            return false;
        }
        List<RouteConfig> routes = config.get().routes();
        long enabled = routes.stream().filter(RouteConfig::enabled).count();
        String priority = config.get().priority().isEmpty() ? "(empty)" : String.join(" → ", config.get().priority());
        report.line(style.heading("Config:") + " " + style.ok() + " " + session.configPath() + ": "
                + count(routes.size(), "route", "routes") + " (" + enabled + " enabled), priority " + priority);
        config.get().warnings().forEach(w -> report.line("  warning: " + w));
        return true;
    }

    /**
     * Lists the enabled routes that can never run as configured (no plugin provides the harness,
     * a {@code ${VAR}} they use is not set, the plugin could not set them up), whatever
     * {@code --no-verify} says: no probe is needed to know. Returns how many.
     */
    private int printBlockedRoutes(Optional<RoutingTable> table) {
        if (table.isEmpty()) {
            return 0;
        }
        List<RouteEntry> blocked = table.get().entries().stream()
                .filter(e -> e.enabled() && e.dispatcher().isEmpty())
                .filter(e -> session.harnessFilter().map(id -> id.equals(e.spec().harnessId())).orElse(true))
                .toList();
        if (!blocked.isEmpty()) {
            report.line("  " + style.fail() + " " + count(blocked.size(), "enabled route", "enabled routes")
                    + " cannot run:");
        }
        for (RouteEntry e : blocked) {
            report.line("    " + e.id() + ": " + e.availability().reason());
        }
        return blocked.size();
    }

    private List<HarnessCheck> checkHarnesses(HarnessChecker checker) {
        report.line(style.heading("Harnesses:"));
        List<HarnessCheck> checks = new ArrayList<>();
        for (HarnessInfo info : session.registry().harnesses()) {
            if (session.harnessFilter().map(id -> id.equals(info.id())).orElse(true)) {
                HarnessCheck check = checker.check(info);
                printCheck(check);
                checks.add(check);
            }
        }
        return checks;
    }

    private void printCheck(HarnessCheck check) {
        HarnessInfo info = check.harness();
        for (CommandCheck command : check.commands()) {
            report.line("  " + info.id() + " — " + info.displayName()
                    + command.command().map(c -> " — command " + c).orElse(""));
            if (command.report().isPresent()) {
                printReport(command.report().get());
            } else {
                report.line("    " + style.fail() + " check failed: " + command.failure().orElse("unknown error"));
                report.line("    " + style.next() + " run `harness-router doctor --harness " + info.id()
                        + "` again; if it fails the same way, report it to the plugin's author (" + info.source() + ")");
            }
        }
    }

    private void printReport(ProbeReport probe) {
        if (probe.installed()) {
            String where = (probe.version().map(v -> v + " ").orElse("")
                    + probe.path().map(p -> "at " + p).orElse("")).strip();
            report.line("    " + style.ok() + " installed  " + (where.isEmpty() ? "yes" : where));
        } else {
            report.line("    " + style.fail() + " installed  not found");
        }
        report.line("    " + switch (probe.auth()) {
            case AUTHENTICATED -> style.ok() + " auth       logged in";
            case NOT_AUTHENTICATED -> style.fail() + " auth       not logged in";
            case UNKNOWN -> style.neutral() + " auth       unknown until a route answers";
        });
        if (!probe.detail().isBlank()) {
            report.line("      " + probe.detail().strip());
        }
        probe.nextSteps().forEach(step -> report.line("    " + style.next() + " " + step));
    }

    private Optional<List<RouteProbe>> probeRoutes(RouteProber prober, Optional<RoutingTable> table) {
        String heading = style.heading("Routes:");
        if (!session.options().liveProbes()) {
            report.line(heading + " not probed (--no-verify)");
            return Optional.empty();
        }
        if (table.isEmpty()) {
            report.line(heading + " not probed: no config loaded");
            return Optional.empty();
        }
        List<RouteEntry> entries = table.get().entries().stream()
                .filter(e -> session.harnessFilter().map(id -> id.equals(e.spec().harnessId())).orElse(true))
                .toList();
        if (entries.isEmpty()) {
            report.line(heading + " none configured" + session.harnessFilter().map(id -> " for " + id).orElse(""));
            return Optional.of(List.of());
        }
        report.line(heading + " each enabled route gets one prompt through its own dispatcher and model ("
                + session.options().probeTimeout().toSeconds() + " s at most; not counted in the state database)");
        List<RouteProbe> probes = new ArrayList<>();
        for (RouteEntry entry : entries) {
            RouteProbe probe = prober.probe(entry, promptFor(entry));
            printProbe(probe);
            probes.add(probe);
        }
        return Optional.of(probes);
    }

    private String promptFor(RouteEntry entry) {
        try {
            return session.registry().find(entry.spec().harnessId())
                    .map(h -> h.doctorProbe(session.context()).liveProbePrompt())
                    .filter(p -> !p.isBlank())
                    .orElse(DEFAULT_PROMPT);
        } catch (RuntimeException | LinkageError e) {
            return DEFAULT_PROMPT;
        }
    }

    private void printProbe(RouteProbe probe) {
        String route = probe.routeId() + " model=" + probe.model() + " via=" + probe.via();
        switch (probe.outcome()) {
            case ANSWERED -> report.line("  " + style.ok() + " " + route + " " + probe.millis() + "ms \""
                    + probe.message() + "\"");
            case FAILED -> report.line("  " + style.fail() + " " + route + " " + probe.millis() + "ms "
                    + style.next() + " " + probe.message());
            case UNAVAILABLE -> report.line("  " + style.fail() + " " + route + " not tried " + style.next() + " "
                    + probe.message());
            case DISABLED -> report.line("  " + style.neutral() + " " + route + " skipped: " + probe.message());
        }
    }

    private int printFooter(boolean configLoaded, int blocked, List<HarnessCheck> allChecks,
            Optional<List<RouteProbe>> probes) {
        List<HarnessCheck> checks = allChecks.stream().filter(this::counts).toList();
        long ready = checks.stream().filter(HarnessCheck::ready).count();
        report.blank();
        report.line(ready + "/" + count(checks.size(), "harness", "harnesses") + " ready");
        int unused = allChecks.size() - checks.size();
        if (unused > 0) {
            report.line("(" + count(unused, "harness", "harnesses") + " not used by any enabled route, not counted)");
        }
        boolean allAnswered = true;
        if (probes.isPresent()) {
            List<RouteProbe> counted = probes.get().stream().filter(RouteProbe::counted).toList();
            long answered = counted.stream().filter(RouteProbe::answered).count();
            allAnswered = answered == counted.size();
            if (!counted.isEmpty()) {
                report.line(answered + "/" + count(counted.size(), "route", "routes") + " answered");
            }
        }
        if (blocked > 0) {
            report.line(count(blocked, "enabled route", "enabled routes") + " cannot run (listed under Config);"
                    + " fix them or set enabled: false");
        }
        if (!configLoaded) {
            report.line("config not loaded: fix " + session.configPath() + " (see above) and run doctor again");
        }
        boolean good = configLoaded && blocked == 0 && (!checks.isEmpty() || !allChecks.isEmpty())
                && ready == checks.size() && allAnswered;
        return good ? 0 : 1;
    }

    /**
     * Whether a harness's readiness decides the exit code: always when the user named it with
     * {@code --harness} or no config could be read; otherwise only when an enabled route uses it, so
     * a CLI the user never routes to does not make every doctor run fail.
     */
    private boolean counts(HarnessCheck check) {
        if (session.harnessFilter().isPresent() || session.config().isEmpty()) {
            return true;
        }
        String id = check.harness().id();
        return session.config().get().routes().stream()
                .filter(RouteConfig::enabled)
                .anyMatch(r -> session.registry().find(r.harness()).map(h -> h.id().equals(id)).orElse(false));
    }

    /** {@code 1 route}, {@code 2 routes}. */
    private static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
