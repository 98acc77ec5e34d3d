package io.harnessrouter.plugins.claudecode;

import io.harnessrouter.api.Availability;
import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.DispatchRequest;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.support.AbstractCliDispatcher;
import io.harnessrouter.api.support.FailureKinds;
import io.harnessrouter.api.support.ProcessOutcome;
import io.harnessrouter.api.support.PromptFiles;
import io.harnessrouter.api.support.StreamParser;
import io.harnessrouter.api.support.RateLimitText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Runs one prompt through Claude Code:
 * {@code claude -p --output-format json --model <m> --permission-mode acceptEdits -- <prompt>},
 * the request's files listed in the prompt ({@link PromptFiles#filesToWorkWith}), stdin
 * {@code /dev/null}, cwd = the request's working directory, and {@code CLAUDE_CODE_MAX_RETRIES=0}
 * unless the host or route environment sets it (the router does the retrying and failing over).
 * A prompt over {@link #STDIN_PROMPT_THRESHOLD_BYTES} goes on stdin instead, with no {@code --}
 * and no prompt argument ({@code claude -p} then reads the prompt from stdin to EOF).
 *
 * <p>The result object is the last line of stdout. A per-call {@link StreamParser} keeps the last
 * line that is a JSON object as the lines go by, so the result survives any amount of output
 * before it; the answer then ends with a note that says how much of the capture was dropped.
 *
 * <p>Success needs exit code 0 <em>and</em> {@code is_error: false} in the result object. A
 * failure is classified from {@code api_error_status}, else the status its {@code api_error_type}
 * stands for ({@code rate_limit_error} 429, {@code authentication_error} 401,
 * {@code permission_error} 403, {@code overloaded_error} 529), through
 * {@link FailureKinds#fromHttpStatus} (which falls back to the text); "Credit balance is too low"
 * is quota exhausted whatever the status. Token usage is {@code usage.input_tokens}
 * (not counting cache reads and writes) and {@code usage.output_tokens}; the session id is
 * {@code session_id}, on success and failure.
 *
 * <p>Thread-safety: serves concurrent dispatches; per-call state lives in the call's parser.
 *
 * @since 0.1.0
 */
public final class ClaudeCodeDispatcher extends AbstractCliDispatcher {

    /** How to install the CLI. */
    public static final String INSTALL_COMMAND = "npm install -g @anthropic-ai/claude-code";
    /** What to do when the CLI is not logged in. */
    public static final String LOGIN_HINT = "run `claude` and log in with /login, or set ANTHROPIC_API_KEY";
    /** The variable that caps the CLI's own retries. */
    static final String MAX_RETRIES = "CLAUDE_CODE_MAX_RETRIES";

    private static final int EXCERPT = 300;

    public ClaudeCodeDispatcher(RouteSpec route, HarnessContext context) {
        super(route, context, ClaudeCodeHarness.DEFAULT_COMMAND, INSTALL_COMMAND);
    }

    /** Unavailable when the route has {@code settings:} (this harness understands none), else by {@code PATH}. */
    @Override
    public Availability availability() {
        if (!route().settings().isEmpty()) {
            return Availability.unavailable("route " + route().id() + " has settings this harness does not understand: "
                    + new TreeSet<>(route().settings().keySet()) + " (claude_code takes no settings; remove them)");
        }
        return super.availability();
    }

    @Override
    protected List<String> arguments(DispatchRequest request) {
        List<String> argv = new ArrayList<>(argumentsWithoutPrompt(request));
        argv.add("--");
        argv.add(promptText(request));
        return argv;
    }

    /** Without a prompt argument {@code claude -p} reads the prompt from stdin up to EOF. */
    @Override
    protected Optional<List<String>> argumentsWithPromptOnStdin(DispatchRequest request) {
        return Optional.of(argumentsWithoutPrompt(request));
    }

    @Override
    protected String promptText(DispatchRequest request) {
        return PromptFiles.filesToWorkWith(request.prompt(), request.files());
    }

    private static List<String> argumentsWithoutPrompt(DispatchRequest request) {
        return List.of("-p", "--output-format", "json", "--model", request.model(), "--permission-mode", "acceptEdits");
    }

    @Override
    protected Map<String, String> environmentDefaults(DispatchRequest request) {
        return Map.of(MAX_RETRIES, "0");
    }

    @Override
    protected StreamParser streamParser(DispatchRequest request) {
        return new ResultLineParser();
    }

    /**
     * Keeps the last stdout line that is a JSON object, so the result is read as it streams by
     * and survives any amount of output before it. Only a result that never came as one line of
     * up to 1 MiB (pretty-printed, or a longer answer) is looked for in the captured stdout.
     */
    private final class ResultLineParser implements StreamParser {
        private ClaudeResult last;

        @Override
        public void onLine(String line, DispatchListener listener) {
            if (line.startsWith("{")) {
                ClaudeResult.parseLine(line).ifPresent(r -> last = r);
            }
        }

        @Override
        public DispatchResult finish(ProcessOutcome outcome) {
            return result(Optional.ofNullable(last).or(() -> ClaudeResult.parse(outcome.stdout())), outcome);
        }
    }

    private DispatchResult result(Optional<ClaudeResult> parsed, ProcessOutcome outcome) {
        if (parsed.isEmpty()) {
            return notJson(outcome);
        }
        ClaudeResult r = parsed.get();
        if (outcome.exitCode() == 0 && !r.isError()) {
            if (r.text().isEmpty()) {
                return DispatchResult.failure(FailureKind.OTHER, "claude reported success but its JSON has no"
                        + " result text: " + excerpt(outcome.stdout(), EXCERPT)).build();
            }
            String answer = r.text().get().strip();
            String shown = truncationNote(outcome).map(note -> answer + "\n\n" + note).orElse(answer);
            return DispatchResult.success(shown).tokenUsage(r.usage().orElse(null))
                    .sessionId(r.sessionId().orElse(null)).build();
        }
        return failure(r, outcome);
    }

    private DispatchResult failure(ClaudeResult r, ProcessOutcome outcome) {
        String said = r.text().map(String::strip).filter(t -> !t.isEmpty())
                .or(() -> Optional.of(outcome.stderr().strip()).filter(t -> !t.isEmpty()))
                .orElse("claude exited with code " + outcome.exitCode() + " and reported an error without text");
        // Classify the error sentence and stderr, never the raw JSON: "duration_ms":429 is no rate limit.
        FailureKind kind = kindOf(r, said + "\n" + outcome.stderr());
        String error = kind == FailureKind.AUTH ? said + " — " + LOGIN_HINT : said;
        DispatchResult.Builder b = DispatchResult.failure(kind, error).tokenUsage(r.usage().orElse(null))
                .sessionId(r.sessionId().orElse(null)).nextStep(kind == FailureKind.AUTH ? LOGIN_HINT : null);
        if (kind.isCapacity()) {
            RateLimitText.retryAfter(said + "\n" + outcome.stderr()).ifPresent(b::retryAfter);
        }
        return b.build();
    }

    /**
     * The API status (or the status its error type stands for) through {@link FailureKinds}, except
     * that credit running out is quota exhausted whatever the status (Anthropic answers it with 400).
     */
    private static FailureKind kindOf(ClaudeResult r, String text) {
        int status = r.apiErrorStatus().orElse(switch (r.apiErrorType().orElse("")) {
            case "rate_limit_error" -> 429;
            case "authentication_error" -> 401;
            case "permission_error" -> 403;
            case "overloaded_error" -> 529;
            default -> 0;
        });
        if (status != 429 && text.toLowerCase(Locale.ROOT).contains("credit balance is too low")) {
            return FailureKind.QUOTA_EXHAUSTED;
        }
        return FailureKinds.fromHttpStatus(status, text);
    }

    /** Stdout is not a result object: a crash, a usage error, or garbage. */
    private DispatchResult notJson(ProcessOutcome outcome) {
        String shown = excerpt(outcome.stdout().isBlank() ? outcome.stderr() : outcome.stdout(), EXCERPT);
        if (outcome.exitCode() == 0) {
            String truncated = truncationNote(outcome).map(note -> " " + note).orElse("");
            return DispatchResult.failure(FailureKind.OTHER, "claude exited 0 but printed no JSON result"
                    + truncated + ": " + (shown.isEmpty() ? "(no output)" : shown)).build();
        }
        String all = outcome.stdout() + "\n" + outcome.stderr();
        FailureKind kind = RateLimitText.classify(all);
        String error = "claude exited with code " + outcome.exitCode() + (shown.isEmpty() ? "" : ": " + shown);
        DispatchResult.Builder b = DispatchResult.failure(kind,
                kind == FailureKind.AUTH ? error + " — " + LOGIN_HINT : error)
                .nextStep(kind == FailureKind.AUTH ? LOGIN_HINT : null);
        if (kind.isCapacity()) {
            RateLimitText.retryAfter(all).ifPresent(b::retryAfter);
        }
        return b.build();
    }
}
