package io.harnessrouter.host.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.host.dashboard.DashboardFrame;
import io.harnessrouter.host.dashboard.DashboardJson;
import io.harnessrouter.host.dashboard.DashboardSource;
import io.harnessrouter.host.dashboard.DashboardText;
import io.harnessrouter.host.dashboard.LiveScreen;
import io.harnessrouter.host.runtime.RuntimeOptions;
import io.harnessrouter.host.runtime.StdioServerCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
 * {@code harness-router dashboard}: what every server process on the machine is doing, read from
 * the shared state file and the config by a process of its own that never dispatches. One frame
 * and exit, or {@code --watch}: on a terminal a live screen ({@code q} quits), piped a frame per
 * interval. {@code --json} for programs. Exit codes: 0 shown, 1 no config could be loaded
 * (one-shot), 2 usage error.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Shows every route as all harness-router processes on this machine see it: availability and why,"
                    + " quota windows with their projection, circuit breakers with a countdown, counters, calls in"
                    + " flight, the last attempt, the model priority and the route a call would try next.",
            "Reads the shared state file and the config; sends nothing to any route.",
            "Exit status: 0 when shown; 1 when no config could be loaded; 2 on a usage error."
        })
final class DashboardCommand implements Callable<Integer> {

    /** The fastest --watch redraw: each frame reads the state file several times. */
    static final long MIN_INTERVAL_MS = 100;

    private final Map<String, String> env;
    private final Optional<Boolean> terminal;

    @ParentCommand
    RootCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    SetupOptions setup = new SetupOptions();

    @Option(names = "--state-db", paramLabel = "<file>",
            description = "Shared state database (default: $HARNESS_ROUTER_STATE_DB, else ~/.harness-router/state.db).")
    Path stateDb;

    @Option(names = "--watch", description = "Keep redrawing: a live screen on a terminal (q quits), a frame per"
            + " interval when piped.")
    boolean watch;

    @Option(names = "--interval", paramLabel = "<ms>",
            description = "With --watch: milliseconds between frames (default: 1000, at least 100).")
    Long intervalMs;

    @Option(names = "--json", description = "Print JSON for programs (with --watch: one object per line).")
    boolean json;

    @Option(names = "--no-color", description = "No colour on the terminal (also when $NO_COLOR is set).")
    boolean noColor;

    /** For picocli: the process environment; a terminal when stdin and stdout are one. */
    DashboardCommand() {
        this(System.getenv(), Optional.empty());
    }

    /** For tests: this environment, and whether to act as on a terminal. */
    DashboardCommand(Map<String, String> env, Optional<Boolean> terminal) {
        this.env = Map.copyOf(env);
        this.terminal = terminal;
    }

    @Override
    public Integer call() throws Exception {
        Duration interval = interval();
        SetupOptions where = setup.orElse(parent == null ? null : parent.setup);
        Path state = stateDb != null ? stateDb : parent == null ? null : parent.stateDb;
        boolean tty = terminal.orElseGet(() -> System.console() != null);
        boolean live = watch && tty && !json;
        if (live) {
            // Log lines on stderr would tear the live screen; its notes show every problem instead.
            System.setProperty("org.slf4j.simpleLogger.log.io.harnessrouter", "error");
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        }
        RuntimeOptions options = new RuntimeOptions(Optional.ofNullable(where.config), Optional.ofNullable(state),
                Optional.ofNullable(where.pluginsDir), env, StdioServerCommand.home(env), VersionProvider.version(),
                Clock.systemUTC());
        try (DashboardSource source = DashboardSource.open(options)) {
            if (live) {
                return LiveScreen.runOnSystemTerminal(source::frame, interval, colour());
            }
            PrintWriter out = spec.commandLine().getOut();
            if (!watch) {
                DashboardFrame frame = source.frame();
                print(out, frame, tty);
                return frame.report().config().inUse() ? 0 : 1;
            }
            while (!Thread.currentThread().isInterrupted()) {
                print(out, source.frame(), false);
                if (!json) {
                    out.println();
                }
                out.flush();
                if (out.checkError()) {
                    return 0; // the reader went away (| head): done
                }
                Thread.sleep(interval.toMillis());
            }
            return 0;
        }
    }

    private void print(PrintWriter out, DashboardFrame frame, boolean tty) {
        if (json) {
            out.println(DashboardJson.render(frame, new ObjectMapper()).toString());
        } else if (tty && colour()) {
            out.print(DashboardText.ansi(frame));
        } else {
            out.print(DashboardText.plain(frame));
        }
        out.flush();
    }

    private boolean colour() {
        return !noColor && !env.containsKey("NO_COLOR");
    }

    private Duration interval() {
        if (intervalMs == null) {
            return Duration.ofSeconds(1);
        }
        if (!watch) {
            throw new ParameterException(spec.commandLine(), "--interval works only with --watch");
        }
        if (intervalMs < MIN_INTERVAL_MS) {
            throw new ParameterException(spec.commandLine(), "--interval: " + intervalMs
                    + " ms is too short; give at least " + MIN_INTERVAL_MS);
        }
        return Duration.ofMillis(intervalMs);
    }
}
