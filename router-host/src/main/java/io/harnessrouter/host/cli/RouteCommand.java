package io.harnessrouter.host.cli;

import io.harnessrouter.api.DispatchEvent;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.host.mcp.CodeArguments;
import io.harnessrouter.host.mcp.RoutingService.RoutingUnavailableException;
import io.harnessrouter.host.routing.Attempt;
import io.harnessrouter.host.routing.FanoutOutcome;
import io.harnessrouter.host.routing.RouteDecision;
import io.harnessrouter.host.routing.RouteListener;
import io.harnessrouter.host.routing.RouteOutcome;
import io.harnessrouter.host.routing.RouteRequest;
import io.harnessrouter.host.routing.Router;
import io.harnessrouter.host.runtime.DecisionRecords;
import io.harnessrouter.host.runtime.RouterRuntime;
import io.harnessrouter.host.runtime.RuntimeOptions;
import io.harnessrouter.host.runtime.ShutdownSignals;
import io.harnessrouter.host.runtime.StdioServerCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code harness-router route "<prompt>"}: one {@code code} call from the shell, through the same
 * {@link RouterRuntime} as the server (same config, plugins, state file, breakers, quota and
 * concurrency caps), validated by the same {@link CodeArguments}. The answer goes to stdout as the
 * dispatcher's parsed text events arrive (the result's output when the harness streamed none);
 * each attempt, then the decision and its trace go to stderr. The decision is recorded for
 * {@code why}. SIGINT/SIGTERM interrupt the walk, which kills the running CLI's process tree.
 * Exit codes: 0 answered, 1 no route answered (or nothing to route with), 2 usage error,
 * 130 cancelled.
 */
@Command(name = "route", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Routes one prompt as the MCP `code` tool would, with the same router, state file and breakers as"
                    + " the server. The answer streams on stdout; the attempts, the decision and its trace go to"
                    + " stderr (see also `harness-router why`).",
            "Exit status: 0 answered, 1 every route failed, 2 usage error, 130 cancelled (Ctrl-C)."
        })
final class RouteCommand implements Callable<Integer> {
    /** The origin of this command's decisions in the state ({@code why}). */
    static final String ORIGIN = "route";
    static final int CANCELLED = 130;
    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.log.io.harnessrouter";

    /** Single or fanout, as the {@code code} tool's {@code mode}. */
    enum Mode { single, fanout }

    private final Map<String, String> env;
    private final InputStream stdin;
    private final boolean standalone;

    @ParentCommand
    RootCommand parent;

    @Spec
    CommandSpec spec;

    @Mixin
    SetupOptions setup = new SetupOptions();

    @Option(names = "--model", paramLabel = "<model>",
            description = "Single mode: the model to try first (hints.model). Fanout: a model whose routes all run;"
                    + " repeat for several (default: mixture_default).")
    List<String> models = new ArrayList<>();

    @Option(names = "--service", paramLabel = "<route-id>",
            description = "Use exactly this route, with no fallback (hints.service), e.g. opus::claude_code.")
    String service;

    @Option(names = "--mode", paramLabel = "<mode>", defaultValue = "single",
            description = "single (default): first route that answers; fanout: every route of the models at once.")
    Mode mode;

    @Option(names = "--files", paramLabel = "<file>", arity = "1..*",
            description = "Files the task is about (relative paths are resolved against --cwd).")
    List<Path> files = new ArrayList<>();

    @Option(names = "--cwd", paramLabel = "<dir>",
            description = "The project directory the CLI runs in (default: the current directory).")
    Path cwd;

    @Option(names = "--state-db", paramLabel = "<file>",
            description = "Shared state database (default: $HARNESS_ROUTER_STATE_DB, else ~/.harness-router/state.db).")
    Path stateDb;

    @Option(names = "--debug", description = "Show the runtime's log on stderr and the stack trace of an unexpected failure.")
    boolean debug;

    @Parameters(arity = "1..*", paramLabel = "<prompt>",
            description = "The task (several words are joined with spaces, as the npm tool did), or - to read it"
                    + " from stdin.")
    List<String> words;

    /** For picocli: the process's environment and stdin; Ctrl-C cancels; the runtime's log only with --debug. */
    RouteCommand() {
        this(System.getenv(), System.in, true);
    }

    /**
     * For tests: this environment and stdin; {@code standalone} false leaves the JVM's signal
     * handlers and log level alone (a test JVM is shared).
     */
    RouteCommand(Map<String, String> env, InputStream stdin, boolean standalone) {
        this.env = Map.copyOf(env);
        this.stdin = stdin;
        this.standalone = standalone;
    }

    @Override
    public Integer call() throws Exception {
        if (standalone && System.getProperty(LOG_LEVEL) == null) {
            // stderr is the user's here, not a log: the runtime's info lines (plugins loaded, routing
            // N routes) only with --debug. Read when the first logger is made, which is after this.
            System.setProperty(LOG_LEVEL, debug ? "debug" : "warn");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CodeArguments.Parsed parsed = parse();
        SetupOptions where = setup.orElse(parent == null ? null : parent.setup);
        Path db = stateDb != null ? stateDb : parent == null ? null : parent.stateDb;
        RuntimeOptions options = new RuntimeOptions(Optional.ofNullable(where.config), Optional.ofNullable(db),
                Optional.ofNullable(where.pluginsDir), env, StdioServerCommand.home(env), VersionProvider.version(),
                Clock.systemUTC());
        try (RouterRuntime runtime = new RouterRuntime(options)) {
            Router router;
            try {
                runtime.start().get();
                router = runtime.router();
            } catch (ExecutionException | RoutingUnavailableException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                err.println("harness-router route: " + cause.getMessage());
                if (debug) {
                    cause.printStackTrace(err);
                }
                return 1;
            }
            AtomicReference<String> signal = new AtomicReference<>();
            if (standalone) {
                Thread caller = Thread.currentThread();
                ShutdownSignals.onTermination(sig -> {
                    if (signal.compareAndSet(null, sig)) {
                        caller.interrupt();
                    }
                }, runtime::close);
            }
            int code = parsed.fanout() ? fanout(runtime, router, parsed.request(), out, err)
                    : single(runtime, router, parsed.request(), out, err);
            Thread.interrupted();
            if (signal.get() != null) {
                err.println("harness-router route: cancelled by " + signal.get() + "; the running CLI was stopped.");
                return CANCELLED;
            }
            return code;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The request, validated exactly as the {@code code} tool's arguments; a bad one is a usage error. */
    private CodeArguments.Parsed parse() {
        if (mode == Mode.fanout && service != null) {
            throw new ParameterException(spec.commandLine(),
                    "--service forces one route and --mode fanout runs many: pass one of them");
        }
        if (mode == Mode.single && models.size() > 1) {
            throw new ParameterException(spec.commandLine(),
                    "--model was given " + models.size() + " times; single mode takes one (use --mode fanout for several)");
        }
        String prompt = String.join(" ", words);
        Path dir = (cwd == null ? Path.of("") : cwd).toAbsolutePath().normalize();
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("prompt", "-".equals(prompt) ? readStdin() : prompt);
        args.put("files", files.stream().map(f -> dir.resolve(f).normalize().toString()).toList());
        args.put("workingDir", dir.toString());
        args.put("mode", mode.name());
        if (mode == Mode.fanout) {
            args.put("models", models);
        } else {
            Map<String, Object> hints = new LinkedHashMap<>();
            models.stream().findFirst().ifPresent(m -> hints.put("model", m));
            Optional.ofNullable(service).ifPresent(s -> hints.put("service", s));
            args.put("hints", hints);
        }
        try {
            return CodeArguments.parse(args, dir);
        } catch (CodeArguments.InvalidArgument e) {
            String message = e.getMessage().replace("workingDir", "--cwd").replace("hints.model", "--model")
                    .replace("hints.service", "--service");
            throw new ParameterException(spec.commandLine(), (prompt.equals("-") ? "stdin " : "") + message);
        }
    }

    private String readStdin() {
        try {
            return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "cannot read the prompt from stdin: " + e.getMessage());
        }
    }

    private int single(RouterRuntime runtime, Router router, RouteRequest request, PrintWriter out, PrintWriter err) {
        AnswerStream stream = new AnswerStream(out, err);
        long t0 = System.nanoTime();
        RouteOutcome outcome = router.route(request, stream);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        runtime.recordDecision(ORIGIN, request, outcome, took);
        if (outcome.success()) {
            String routeId = outcome.decision().map(RouteDecision::routeId).orElse("");
            if (!stream.streamed(routeId)) {
                stream.print(outcome.result().map(DispatchResult::output).orElse(""));
            }
            stream.endAnswer();
        } else {
            stream.endAnswer();
            err.println(outcome.error());
        }
        err.println();
        DecisionText.lines(DecisionRecords.single(ORIGIN, request, outcome, Instant.now(), took)).forEach(err::println);
        return outcome.success() ? 0 : 1;
    }

    private int fanout(RouterRuntime runtime, Router router, RouteRequest request, PrintWriter out, PrintWriter err) {
        long t0 = System.nanoTime();
        FanoutOutcome outcome = router.fanout(request, new AttemptLog(err));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        runtime.recordDecision(ORIGIN, request, outcome, took);
        boolean any = false;
        for (FanoutOutcome.Item item : outcome.items()) {
            if (item.result().success()) {
                any = true;
                out.println("=== " + item.decision().routeId() + " ===");
                out.println(item.result().output().stripTrailing());
                out.println();
            }
        }
        out.flush();
        outcome.error().ifPresent(err::println);
        err.println();
        DecisionText.lines(DecisionRecords.fanout(ORIGIN, request, outcome, Instant.now(), took)).forEach(err::println);
        return any ? 0 : 1;
    }

    /** Each attempt's start and end on stderr. Thread-safe (fanout calls it concurrently). */
    private static class AttemptLog implements RouteListener {
        final PrintWriter err;

        AttemptLog(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void onAttemptStart(RouteDecision decision) {
            synchronized (err) {
                err.println("→ " + decision.routeId() + " (" + decision.reason() + ")");
                err.flush();
            }
        }

        @Override
        public void onAttemptEnd(Attempt attempt) {
            if (attempt.status() == Attempt.Status.SKIPPED) {
                return;
            }
            synchronized (err) {
                err.println((attempt.status() == Attempt.Status.SUCCEEDED ? "✓ " : "✗ ") + attempt.routeId() + " "
                        + attempt.status().wireName() + " in " + attempt.duration().toMillis() + " ms"
                        + (attempt.detail().isEmpty() ? "" : ": " + attempt.detail().lines().findFirst().orElse("")));
                err.flush();
            }
        }
    }

    /**
     * Single mode: the answer's text events on stdout as they arrive, the attempts on stderr. A
     * route that fails after printing part of an answer is called out, so the reader knows the
     * next route's answer starts over.
     */
    private static final class AnswerStream extends AttemptLog {
        private final PrintWriter out;
        private final Set<String> streamed = new HashSet<>();
        private boolean atLineStart = true;

        AnswerStream(PrintWriter out, PrintWriter err) {
            super(err);
            this.out = out;
        }

        @Override
        public void onEvent(String routeId, DispatchEvent event) {
            if (event instanceof DispatchEvent.Text text && !text.chunk().isEmpty()) {
                print(text.chunk());
                streamed.add(routeId);
            }
        }

        /** Writes answer text to stdout now. */
        void print(String text) {
            if (!text.isEmpty()) {
                out.print(text);
                out.flush();
                atLineStart = text.endsWith("\n");
            }
        }

        @Override
        public void onAttemptEnd(Attempt attempt) {
            if (attempt.status() == Attempt.Status.FAILED && streamed.contains(attempt.routeId())) {
                endAnswer();
                err.println("(" + attempt.routeId() + " failed after part of its answer was printed above;"
                        + " another route starts over)");
            }
            super.onAttemptEnd(attempt);
        }

        boolean streamed(String routeId) {
            return streamed.contains(routeId);
        }

        /** Ends the answer with a newline, so the shell prompt starts on its own line. */
        void endAnswer() {
            out.print(atLineStart ? "" : System.lineSeparator());
            out.flush();
            atLineStart = true;
        }
    }
}
