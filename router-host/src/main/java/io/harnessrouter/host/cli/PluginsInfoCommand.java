package io.harnessrouter.host.cli;

import io.harnessrouter.api.Harness;
import io.harnessrouter.api.ProbeReport;
import io.harnessrouter.api.support.DefaultProcessRunner;
import io.harnessrouter.host.plugins.DefaultHarnessContext;
import io.harnessrouter.host.plugins.HarnessRegistry;
import io.harnessrouter.host.plugins.PluginStatus;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code harness-router plugins info <id>}: the plugin's descriptor, state and harnesses, and for
 * each harness the doctor's installation check (the CLI found, its version, logged in), without
 * sending any prompt. Exit 0 when the plugin is started, 1 when it is not or is unknown.
 */
@Command(name = "info", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Shows a plugin's descriptor, state, harnesses and each harness's doctor check (no prompt is sent).",
            "Exit status: 0 the plugin is started; 1 it is not, or no such plugin; 2 usage error."})
final class PluginsInfoCommand implements Callable<Integer> {

    /** How long one harness's installation check may take, as {@code doctor}'s. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

    @ParentCommand
    PluginsCommand plugins;

    @Spec
    CommandSpec spec;

    @Mixin
    SetupOptions setup = new SetupOptions();

    @Parameters(index = "0", paramLabel = "<id>", description = "The plugin id (see plugins list).")
    String id;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (HarnessRegistry registry = plugins.load(setup);
                DefaultProcessRunner runner = new DefaultProcessRunner(plugins.env())) {
            List<PluginStatus> matches = registry.plugins().stream().filter(p -> p.id().equals(id)).toList();
            if (matches.isEmpty()) {
                spec.commandLine().getErr().println("harness-router plugins info: no plugin '" + id + "' (plugins: "
                        + String.join(", ", registry.plugins().stream().map(PluginStatus::id).distinct().toList())
                        + "); see harness-router plugins list");
                spec.commandLine().getErr().flush();
                return 1;
            }
            DefaultHarnessContext context = new DefaultHarnessContext(runner, Clock.systemDefaultZone(), plugins.env());
            for (PluginStatus p : matches) {
                out.println("Plugin " + p.id() + " " + p.version() + "  [" + p.source().label() + ", "
                        + p.state().label() + "]");
                out.println("  provider:  " + (p.provider().isEmpty() ? "(not declared)" : p.provider()));
                out.println("  requires:  harness-router " + p.requires());
                out.println("  jar:       " + p.jar());
                p.reason().ifPresent(r -> out.println("  why:       " + r));
                if (p.state() == PluginStatus.State.STARTED) {
                    for (String harnessId : p.harnesses()) {
                        registry.find(harnessId).ifPresent(h -> describe(out, h, context));
                    }
                }
            }
            out.flush();
            return matches.stream().anyMatch(p -> p.state() == PluginStatus.State.STARTED) ? 0 : 1;
        }
    }

    private static void describe(PrintWriter out, Harness h, DefaultHarnessContext context) {
        out.println("  harness " + h.id() + " — " + h.displayName()
                + (h.aliases().isEmpty() ? "" : " (aliases: " + String.join(", ", h.aliases()) + ")")
                + h.defaultCommand().map(c -> " — command " + c).orElse(""));
        try {
            ProbeReport r = h.doctorProbe(context).check(h.defaultCommand(), CHECK_TIMEOUT);
            out.println("    installed: " + (r.installed() ? r.version().orElse("yes")
                    + r.path().map(path -> " at " + path).orElse("") : "not found"));
            out.println("    auth:      " + switch (r.auth()) {
                case AUTHENTICATED -> "logged in";
                case NOT_AUTHENTICATED -> "not logged in";
                case UNKNOWN -> "unknown until a route answers";
            });
            r.nextSteps().forEach(step -> out.println("    next:      " + step));
        } catch (RuntimeException | LinkageError e) {
            out.println("    check failed: " + Optional.ofNullable(e.getMessage()).orElse(e.toString()));
        }
    }
}
