package io.harnessrouter.api.support;

import io.harnessrouter.api.Availability;
import io.harnessrouter.api.DispatchEvent;
import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.DispatchRequest;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.Dispatcher;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.RouteSpec;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The partial {@link Dispatcher} every CLI plugin extends, so a plugin only says how to build
 * the argv and how to read the output.
 *
 * <p>What this base does: resolves the command (the route's {@code command}, else the harness
 * default) and reports {@link #availability()} from a cached {@code PATH} lookup; runs the CLI
 * through the host's {@link ProcessRunner} (no shell, stdin {@code /dev/null} unless
 * {@link #stdinText} says otherwise, working directory = the request's, timeout = the request's,
 * whole-tree kill); streams stderr lines to the listener as {@link DispatchEvent.Stderr}; turns a
 * missing binary, a timeout and a cancellation into failed results; and stamps every result with
 * the attempt's wall time and the exit code. Listener exceptions are caught and dropped.
 *
 * <p>What a subclass does: {@link #arguments} (argv after the binary) and either
 * {@link #interpret} (a finished process → result, for output read whole) or
 * {@link #streamParser} (a per-call parser that reads each stdout line once and produces the
 * result); optionally {@link #environment}, {@link #environmentDefaults}
 * (the CLI's own retries switched off unless the user set them), {@link #stdinText},
 * {@link #onStdoutLine}, and for prompts of any size {@link #promptText} with
 * {@link #argumentsWithPromptOnStdin} (a prompt over {@link #STDIN_PROMPT_THRESHOLD_BYTES} then
 * goes on stdin). A start failure is {@link FailureKind#NOT_INSTALLED} only when the binary is
 * missing or not executable; an argument list too long or a NUL in an argument is
 * {@link FailureKind#OTHER} with the cause named.
 *
 * <p>Thread-safety: one instance serves concurrent dispatches; subclasses keep per-call state in
 * the {@link StreamParser} of the call, or local (the hooks receive everything they need as
 * arguments).
 *
 * @since 0.1.0
 */
public abstract class AbstractCliDispatcher implements Dispatcher {

    /** How long a {@code PATH} lookup answers {@link #availability()}: 5 s. */
    public static final Duration AVAILABILITY_TTL = Duration.ofSeconds(5);
    /**
     * A prompt longer than this, in bytes of UTF-8, goes on the CLI's stdin where the plugin says
     * how ({@link #argumentsWithPromptOnStdin}): 100 KiB, safely under the 128 KiB Linux allows
     * one argument ({@link ProcessSpec#MAX_ARGUMENT_BYTES}) even with a file list appended. Shorter
     * prompts stay in the argv, where every CLI reads them without waiting on stdin.
     */
    public static final int STDIN_PROMPT_THRESHOLD_BYTES = 100 * 1024;

    private final RouteSpec route;
    private final HarnessContext context;
    private final String command;
    private final String installHint;
    private volatile CachedLookup lookup;

    /**
     * @param route          the route this dispatcher serves
     * @param context        the host's services
     * @param defaultCommand the binary when the route sets no {@code command}, e.g. {@code claude}
     * @param installHint    the install command shown when the binary is missing, e.g.
     *                       {@code npm install -g @anthropic-ai/claude-code}
     */
    protected AbstractCliDispatcher(RouteSpec route, HarnessContext context, String defaultCommand,
            String installHint) {
        this.route = Objects.requireNonNull(route, "route");
        this.context = Objects.requireNonNull(context, "context");
        Objects.requireNonNull(defaultCommand, "defaultCommand");
        this.command = route.command().filter(c -> !c.isBlank()).orElse(defaultCommand);
        this.installHint = Objects.requireNonNull(installHint, "installHint");
    }

    @Override
    public final RouteSpec route() {
        return route;
    }

    /** The binary this dispatcher runs: the route's {@code command}, else the default. */
    public final String command() {
        return command;
    }

    /** The host's services, for subclasses (logger, clock, environment). */
    protected final HarnessContext context() {
        return context;
    }

    /**
     * Available when the command resolves to an executable file. The lookup is cached for
     * {@link #AVAILABILITY_TTL} (by the context's clock) because the router asks on every
     * routing decision.
     */
    @Override
    public Availability availability() {
        CachedLookup cached = lookup;
        long now = context.clock().millis();
        if (cached == null || now >= cached.expiresAtMillis) {
            cached = refresh(now);
        }
        return cached.path.isPresent() ? Availability.ok() : Availability.unavailable(notFoundReason());
    }

    @Override
    public final DispatchResult dispatch(DispatchRequest request, DispatchListener listener) {
        long started = System.nanoTime();
        DispatchListener safe = safe(listener);
        Map<String, String> env = withDefaults(environment(request), request);
        if (!env.containsKey("PATH") && refresh(context.clock().millis()).path.isEmpty()) {
            return DispatchResult.failure(FailureKind.NOT_INSTALLED, notFoundReason())
                    .duration(since(started)).build();
        }
        List<String> argv = new ArrayList<>();
        argv.add(command);
        String stdin;
        Optional<List<String>> promptOnStdin = promptGoesOnStdin(request);
        if (promptOnStdin.isPresent()) {
            argv.addAll(promptOnStdin.get());
            stdin = promptText(request);
        } else {
            argv.addAll(arguments(request));
            stdin = stdinText(request).orElse(null);
        }
        ParserGate parser = new ParserGate(Objects.requireNonNull(streamParser(request), "streamParser returned null"),
                safe);
        ProcessSpec spec = ProcessSpec.builder(argv)
                .workingDir(request.workingDir().orElse(null))
                .env(env)
                .stdin(stdin)
                .timeout(request.timeout())
                .stdoutLines(parser::line)
                .stderrLines(line -> safe.onEvent(new DispatchEvent.Stderr(line)))
                .build();
        ProcessOutcome outcome = context.processRunner().run(spec);
        DispatchResult.Builder result = classifyRun(outcome, request, parser).toBuilder().duration(since(started));
        if (outcome.startError().isEmpty()) {
            result.exitCode(outcome.exitCode());
        }
        return result.build();
    }

    /** The argv after the binary, e.g. {@code -p --output-format json --model m -- prompt}. */
    protected abstract List<String> arguments(DispatchRequest request);

    /**
     * Turns a process that ran to its end into a result, for a dispatcher that reads its output
     * whole (a CLI that prints one JSON object). Called by the default {@link #streamParser} only
     * when the process started and was neither timed out nor cancelled; duration and exit code
     * are stamped afterwards. A dispatcher that overrides {@link #streamParser} need not
     * override this; the default (reached only when a subclass overrides neither) is an
     * {@code OTHER} failure that names the omission.
     */
    protected DispatchResult interpret(ProcessOutcome outcome, DispatchRequest request) {
        return DispatchResult.failure(FailureKind.OTHER, getClass().getName()
                + " overrides neither streamParser(request) nor interpret(outcome, request)").build();
    }

    /**
     * A new parser for this dispatch's stdout (see {@link StreamParser} for what the base class
     * guarantees it). Override it for a CLI that streams events (JSONL), keeping the call's state
     * in the parser. The default passes each line to {@link #onStdoutLine} and the outcome to
     * {@link #interpret}.
     *
     * @since 0.1.0
     */
    protected StreamParser streamParser(DispatchRequest request) {
        return new StreamParser() {
            @Override
            public void onLine(String line, DispatchListener listener) {
                onStdoutLine(line, listener);
            }

            @Override
            public DispatchResult finish(ProcessOutcome outcome) {
                return interpret(outcome, request);
            }
        };
    }

    /** Extra environment for the child: the route's {@code env} overlaid with the request's. */
    protected Map<String, String> environment(DispatchRequest request) {
        if (request.env().isEmpty()) {
            return route.env();
        }
        Map<String, String> env = new HashMap<>(route.env());
        env.putAll(request.env());
        return env;
    }

    /**
     * Variables the child gets only when neither the host's environment
     * ({@link HarnessContext#environment()}) nor {@link #environment} (the route's and the
     * request's) sets them; empty by default. The use: switch the CLI's own retries off
     * ({@code Map.of("CLAUDE_CODE_MAX_RETRIES", "0")}), since the router retries and fails over,
     * while a user who set the variable keeps their value.
     *
     * @since 0.1.0
     */
    protected Map<String, String> environmentDefaults(DispatchRequest request) {
        return Map.of();
    }

    private Map<String, String> withDefaults(Map<String, String> env, DispatchRequest request) {
        Map<String, String> defaults = environmentDefaults(request);
        if (defaults.isEmpty()) {
            return env;
        }
        Map<String, String> merged = new HashMap<>(env);
        defaults.forEach((name, value) -> {
            if (!env.containsKey(name) && !context.environment().containsKey(name)) {
                merged.put(name, value);
            }
        });
        return merged;
    }

    /**
     * The prompt as this CLI gets it: the request's prompt (the default), or with the request's
     * files listed in it ({@link PromptFiles}). {@link #arguments} puts it in the argv; when it is
     * longer than {@link #STDIN_PROMPT_THRESHOLD_BYTES} and {@link #argumentsWithPromptOnStdin}
     * says how, it goes on stdin instead.
     */
    protected String promptText(DispatchRequest request) {
        return request.prompt();
    }

    /**
     * The argv after the binary for a prompt that is written to the CLI's stdin (then closed)
     * instead of being an argument, e.g. {@code -p --output-format json --model m}; empty (the
     * default) when this CLI cannot read its prompt from stdin. Used only for a
     * {@link #promptText} longer than {@link #STDIN_PROMPT_THRESHOLD_BYTES}: Linux refuses one
     * argument longer than {@link ProcessSpec#MAX_ARGUMENT_BYTES}, and the prompt schema allows
     * 1 MB. With the prompt on stdin, {@link #stdinText} is not used.
     */
    protected Optional<List<String>> argumentsWithPromptOnStdin(DispatchRequest request) {
        return Optional.empty();
    }

    /** Text to write to the child's stdin; empty (the default) means stdin is {@code /dev/null}. */
    protected Optional<String> stdinText(DispatchRequest request) {
        return Optional.empty();
    }

    /**
     * Called with every stdout line as it arrives, on a reader thread. The default does nothing
     * (JSON CLIs are read whole in {@link #interpret}); streaming CLIs parse the line and send
     * {@link DispatchEvent}s. The listener given here already drops its own exceptions.
     */
    protected void onStdoutLine(String line, DispatchListener listener) {
    }

    /**
     * A sentence for an answer whose CLI wrote more stdout than the capture cap, e.g.
     * {@code [claude's output was truncated: 209715316 bytes, of which the first and the last
     * 5242880 were kept (10485760 bytes)]}; empty when nothing was dropped.
     */
    protected Optional<String> truncationNote(ProcessOutcome outcome) {
        ProcessOutcome.CaptureSize size = outcome.stdoutSize();
        if (!size.truncated()) {
            return Optional.empty();
        }
        String name = command.substring(command.lastIndexOf('/') + 1);
        return Optional.of("[" + name + "'s output was truncated: it wrote " + size.totalBytes() + " bytes, of which "
                + size.keptBytes() + " (the start and the end) were kept and " + size.omittedBytes() + " dropped]");
    }

    /** The first {@code max} characters of {@code text}, trimmed, with {@code …} when cut. */
    protected static String excerpt(String text, int max) {
        String t = text == null ? "" : text.strip();
        return t.length() <= max ? t : t.substring(0, max).strip() + "…";
    }

    /** {@code claude CLI not found on PATH (looked for 'claude') — install: <hint>}. */
    protected String notFoundReason() {
        String name = command.substring(command.lastIndexOf('/') + 1);
        String where = command.indexOf('/') >= 0 ? "(no executable file at '" + command + "')"
                : "on PATH (looked for '" + command + "')";
        return name + " CLI not found " + where + " — install: " + installHint;
    }

    private DispatchResult classifyRun(ProcessOutcome outcome, DispatchRequest request, ParserGate parser) {
        parser.close();
        if (outcome.timedOut()) {
            return DispatchResult.failure(FailureKind.TIMEOUT, timeoutMessage(request.timeout()))
                    .output(outcome.stdout().strip()).build();
        }
        if (outcome.cancelled()) {
            return DispatchResult.failure(FailureKind.CANCELLED, "Cancelled; the process tree was killed")
                    .output(outcome.stdout().strip()).build();
        }
        if (outcome.startError().isPresent()) {
            return startFailure(outcome.startFailure().orElse(ProcessOutcome.StartFailure.OTHER),
                    outcome.startError().get());
        }
        return Objects.requireNonNull(parser.finish(outcome), "the stream parser returned no result");
    }

    /**
     * Only a missing or non-executable binary is "not installed"; an argument list too long or a
     * NUL in an argument is this call's fault and says so, and a runner that shut down means the
     * server is exiting.
     */
    private DispatchResult startFailure(ProcessOutcome.StartFailure kind, String error) {
        if (kind.binaryMissing()) {
            return DispatchResult.failure(FailureKind.NOT_INSTALLED, error + " — install: " + installHint).build();
        }
        if (kind == ProcessOutcome.StartFailure.RUNNER_CLOSED) {
            return DispatchResult.failure(FailureKind.CANCELLED, error).build();
        }
        return DispatchResult.failure(FailureKind.OTHER, error).build();
    }

    /** The stdin argv when the prompt is too long for an argument and the CLI can read it from stdin. */
    private Optional<List<String>> promptGoesOnStdin(DispatchRequest request) {
        String prompt = promptText(request);
        if (prompt.length() <= STDIN_PROMPT_THRESHOLD_BYTES / 3 || Utf8.length(prompt) <= STDIN_PROMPT_THRESHOLD_BYTES) {
            return Optional.empty();
        }
        return argumentsWithPromptOnStdin(request);
    }

    private CachedLookup refresh(long nowMillis) {
        CachedLookup fresh = new CachedLookup(context.processRunner().which(command),
                nowMillis + AVAILABILITY_TTL.toMillis());
        lookup = fresh;
        return fresh;
    }

    private static DispatchListener safe(DispatchListener listener) {
        DispatchListener target = listener == null ? DispatchListener.NONE : listener;
        return event -> {
            try {
                target.onEvent(event);
            } catch (RuntimeException e) {
                // A listener must not break an attempt.
            }
        };
    }

    /** {@code Timed out after 600s; the process tree was killed} (fractions kept: {@code 0.3s}). */
    static String timeoutMessage(Duration timeout) {
        String seconds = BigDecimal.valueOf(timeout.toMillis(), 3).stripTrailingZeros().toPlainString();
        return "Timed out after " + seconds + "s; the process tree was killed";
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /**
     * Keeps the {@link StreamParser} guarantees: lines one at a time, none after {@link #close}
     * (a reader abandoned on an orphan's open stream may still be delivering one), and the
     * lock's release makes every line happen-before {@link #finish}.
     */
    private static final class ParserGate {
        private final StreamParser parser;
        private final DispatchListener listener;
        private boolean closed;

        ParserGate(StreamParser parser, DispatchListener listener) {
            this.parser = parser;
            this.listener = listener;
        }

        synchronized void line(String line) {
            if (!closed) {
                parser.onLine(line, listener);
            }
        }

        synchronized void close() {
            closed = true;
        }

        synchronized DispatchResult finish(ProcessOutcome outcome) {
            return parser.finish(outcome);
        }
    }

    private static final class CachedLookup {
        final Optional<Path> path;
        final long expiresAtMillis;

        CachedLookup(Optional<Path> path, long expiresAtMillis) {
            this.path = path;
            this.expiresAtMillis = expiresAtMillis;
        }
    }
}
