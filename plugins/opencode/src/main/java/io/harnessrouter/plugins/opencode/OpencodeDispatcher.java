package io.harnessrouter.plugins.opencode;

import io.harnessrouter.api.Availability;
import io.harnessrouter.api.DispatchRequest;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.support.AbstractCliDispatcher;
import io.harnessrouter.api.support.FailureKinds;
import io.harnessrouter.api.support.ProcessOutcome;
import io.harnessrouter.api.support.PromptFiles;
import io.harnessrouter.api.support.RateLimitHeaders;
import io.harnessrouter.api.support.RateLimitText;
import io.harnessrouter.api.support.StreamParser;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Runs one prompt through opencode:
 * {@code opencode run --format json -m <provider/model> --dir <dir> --auto -- <prompt>}, the
 * request's files listed in the prompt ({@link PromptFiles#focusOnFiles}), stdin {@code /dev/null}
 * (opencode waits for EOF on an open pipe), and {@code --dir} the request's working directory when
 * it has one (the child's cwd is the same). {@code --auto} approves the tool permissions that are
 * not explicitly denied, so a coding task can edit files and run commands. A prompt over
 * {@link #STDIN_PROMPT_THRESHOLD_BYTES} goes on stdin, the argv then ending without a message
 * (opencode then reads the prompt from stdin).
 *
 * <p>The model must be {@code provider/model}: opencode answers a bare name only with
 * "Unexpected server error", so a route whose model has no provider is unavailable from the
 * start, with that reason. Environment: the route's and the request's {@code env} (the provider's
 * key variable, {@code OPENCODE_CONFIG_CONTENT}, ...). opencode has no switch known to us for its
 * own retries (≈ 9 of them in 7–10 s on a 429), so they are not capped; the request's timeout
 * bounds them.
 *
 * <p>Output: a per-call {@link OpencodeEvents} reads the JSONL as it arrives; the answer is the
 * {@code text} parts concatenated, failure an {@code error} event or a non-zero exit. See
 * {@link #classify} for the failure kinds.
 *
 * <p>Thread-safety: serves concurrent dispatches; per-call state lives in the call's parser.
 *
 * @since 0.1.0
 */
public final class OpencodeDispatcher extends AbstractCliDispatcher {

    /** How to install the CLI. */
    public static final String INSTALL_COMMAND = "npm install -g opencode-ai";
    /** What to do when the provider refuses the key. */
    public static final String LOGIN_HINT = "set the provider's key variable (e.g. ANTHROPIC_API_KEY) in the route's env,"
            + " or run `opencode providers login`";
    /** What to do when the account's plan or organisation refuses the request. */
    public static final String FORBIDDEN_HINT = "the provider account's plan or organisation does not allow this"
            + " model or tool: give the route a model the account may use";
    /** The error opencode prints for a bare, unknown or unusable model, and for many other faults. */
    public static final String UNEXPECTED_SERVER_ERROR = "Unexpected server error";

    private static final int EXCERPT = 300;

    public OpencodeDispatcher(RouteSpec route, HarnessContext context) {
        super(route, context, OpencodeHarness.DEFAULT_COMMAND, INSTALL_COMMAND);
    }

    /**
     * The next step for opencode's opaque "Unexpected server error": the command that shows the
     * real reason ({@code ProviderModelNotFoundError: Model not found: ... Did you mean ...}).
     */
    public static String printLogsStep(String model) {
        return "opencode says only \"" + UNEXPECTED_SERVER_ERROR + "\"; run `opencode run --print-logs -m " + model
                + " -- hi` to see why (a ProviderModelNotFoundError means the model id is wrong or its provider has no"
                + " credentials)";
    }

    /** Why a model id cannot work with opencode, or empty when it has the {@code provider/model} form. */
    static Optional<String> modelProblem(String model) {
        int slash = model.indexOf('/');
        if (slash > 0 && slash < model.length() - 1) {
            return Optional.empty();
        }
        return Optional.of("model '" + model + "' names no provider: opencode needs provider/model (e.g."
                + " anthropic/claude-sonnet-4-5) and answers a bare name only with \"" + UNEXPECTED_SERVER_ERROR + "\"");
    }

    /**
     * Unavailable when the binary is not on {@code PATH} (that reason first), with any route
     * setting, or with a model without its provider.
     */
    @Override
    public Availability availability() {
        Availability binary = super.availability();
        if (!binary.isAvailable()) {
            return binary;
        }
        if (!route().settings().isEmpty()) {
            return Availability.unavailable("route " + route().id() + " has settings this harness does not understand: "
                    + new TreeSet<>(route().settings().keySet()) + " (opencode takes none)");
        }
        Optional<String> problem = modelProblem(route().cliModel());
        if (problem.isPresent()) {
            return Availability.unavailable("route " + route().id() + ": " + problem.get());
        }
        return binary;
    }

    @Override
    protected List<String> arguments(DispatchRequest request) {
        List<String> argv = argumentsWithoutPrompt(request);
        argv.add("--");
        argv.add(promptText(request));
        return argv;
    }

    /** Without a message, opencode reads the prompt from stdin up to EOF. */
    @Override
    protected Optional<List<String>> argumentsWithPromptOnStdin(DispatchRequest request) {
        return Optional.of(argumentsWithoutPrompt(request));
    }

    @Override
    protected String promptText(DispatchRequest request) {
        return PromptFiles.focusOnFiles(request.prompt(), request.files());
    }

    private List<String> argumentsWithoutPrompt(DispatchRequest request) {
        List<String> argv = new ArrayList<>(List.of("run", "--format", "json", "-m", request.model()));
        Optional<Path> dir = request.workingDir();
        if (dir.isPresent()) {
            argv.add("--dir");
            argv.add(dir.get().toString());
        }
        argv.add("--auto");
        return argv;
    }

    @Override
    protected StreamParser streamParser(DispatchRequest request) {
        return new OpencodeEvents((seen, outcome) -> result(seen, outcome, request.model()));
    }

    /** The result of a finished process from what its events said, with the cost its steps reported. */
    DispatchResult result(OpencodeEvents.Seen seen, ProcessOutcome outcome, String model) {
        DispatchResult r = classified(seen, outcome, model);
        return seen.costUsd().isPresent() ? r.toBuilder().costUsd(seen.costUsd().getAsDouble()).build() : r;
    }

    private DispatchResult classified(OpencodeEvents.Seen seen, ProcessOutcome outcome, String model) {
        if (outcome.exitCode() == 0 && seen.failure().isEmpty()) {
            if (seen.answer().isEmpty() || seen.answer().get().isBlank()) {
                String shown = excerpt(outcome.stdout().isBlank() ? outcome.stderr() : outcome.stdout(), EXCERPT);
                String truncated = truncationNote(outcome).map(note -> " " + note).orElse("");
                return DispatchResult.failure(FailureKind.OTHER, "opencode exited 0 but printed no text" + truncated
                        + ": " + (shown.isEmpty() ? "(no output)" : shown))
                        .tokenUsage(seen.usage().orElse(null)).sessionId(seen.sessionId().orElse(null)).build();
            }
            String answer = seen.answer().get().strip();
            String shown = truncationNote(outcome).map(note -> answer + "\n\n" + note).orElse(answer);
            return DispatchResult.success(shown).tokenUsage(seen.usage().orElse(null))
                    .sessionId(seen.sessionId().orElse(null)).build();
        }
        if (seen.failure().isEmpty()) {
            return DispatchResult.failure(FailureKind.OTHER, withoutEvent(outcome))
                    .tokenUsage(seen.usage().orElse(null)).sessionId(seen.sessionId().orElse(null)).build();
        }
        OpencodeEvents.Failure f = seen.failure().get();
        FailureKind kind = classify(f);
        String nextStep = switch (kind) {
            case AUTH -> LOGIN_HINT;
            case FORBIDDEN -> FORBIDDEN_HINT;
            default -> f.message().startsWith(UNEXPECTED_SERVER_ERROR) ? printLogsStep(model) : null;
        };
        String said = f.status().isPresent() ? f.message() + " (HTTP " + f.status().getAsInt() + ")" : f.message();
        DispatchResult.Builder b = DispatchResult.failure(kind, nextStep == null ? said : said + " — " + nextStep)
                .tokenUsage(seen.usage().orElse(null)).sessionId(seen.sessionId().orElse(null)).nextStep(nextStep);
        if (!f.headers().isEmpty()) {
            b.headers(f.headers());
        }
        if (kind.isCapacity()) {
            Instant now = context().clock().instant();
            Optional<Duration> after = RateLimitHeaders.retryAfter(f.headers(), now).or(() -> RateLimitText.retryAfter(f.message()));
            after.ifPresent(d -> b.retryAfter(d).resetAt(now.plus(d)));
        }
        return b.build();
    }

    /**
     * The failure kind of an {@code error} event: {@code error.data.statusCode} through
     * {@link FailureKinds#fromHttpStatus} (429 rate limited, or quota exhausted when the message says
     * so; 402 and "credit balance is too low" quota exhausted; 401 auth; 403 forbidden; 5xx
     * unavailable), and {@code UnknownError} "Unexpected server error" as model rejected: that is
     * what opencode prints for an unknown model or a provider without credentials.
     */
    static FailureKind classify(OpencodeEvents.Failure f) {
        if (f.status().isEmpty() && f.message().startsWith(UNEXPECTED_SERVER_ERROR)) {
            return FailureKind.MODEL_REJECTED;
        }
        return FailureKinds.fromHttpStatus(f.status().orElse(0), f.message());
    }

    /**
     * A non-zero exit without an {@code error} event: yargs rejected the argv (it prints the run
     * help, with no error line) or opencode wrote an {@code Error: ...} line to stderr.
     */
    private static String withoutEvent(ProcessOutcome outcome) {
        String stderr = outcome.stderr().strip();
        for (String line : stderr.split("\\R")) {
            if (line.strip().startsWith("Error:")) {
                return line.strip();
            }
        }
        if (stderr.startsWith("opencode run")) {
            return "opencode rejected its arguments (it printed its `run` help, exit code " + outcome.exitCode() + ")";
        }
        String shown = excerpt(stderr.isEmpty() ? outcome.stdout() : stderr, EXCERPT);
        return "opencode exited with code " + outcome.exitCode() + (shown.isEmpty() ? " and printed nothing" : ": " + shown);
    }
}
