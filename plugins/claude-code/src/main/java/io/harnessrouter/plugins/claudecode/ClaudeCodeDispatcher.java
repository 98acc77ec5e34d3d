package io.harnessrouter.plugins.claudecode;

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
import io.harnessrouter.api.support.StreamParser;
import io.harnessrouter.api.support.RateLimitText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs one prompt through Claude Code:
 * {@code claude -p --output-format stream-json --verbose --model <m> --allowedTools <tools>
 * --permission-mode <mode> -- <prompt>}, the request's files listed in the prompt
 * ({@link PromptFiles#filesToWorkWith}), stdin {@code /dev/null}, cwd = the request's working
 * directory, and {@code CLAUDE_CODE_MAX_RETRIES=0} unless the host or route environment sets it
 * (the router does the retrying and failing over). A prompt over
 * {@link #STDIN_PROMPT_THRESHOLD_BYTES} goes on stdin instead, with no {@code --} and no prompt
 * argument ({@code claude -p} then reads the prompt from stdin to EOF).
 *
 * <p>Route settings: {@code allowed_tools}, the tools claude may use without asking, comma
 * separated (default {@value #DEFAULT_ALLOWED_TOOLS}, as the npm tool gave; empty for none); and
 * {@code permission_mode} (default {@value #DEFAULT_PERMISSION_MODE}). {@code --allowedTools} is
 * variadic, so it is followed by {@code --permission-mode} and the prompt comes after {@code --}.
 * Any other setting, or a mode claude does not accept, makes the route unavailable.
 *
 * <p>The stream is read by a per-call {@link ClaudeStream}: text, tool use, thinking and tool
 * results are relayed as they happen; the final {@code result} event gives the answer, usage and
 * session id.
 *
 * <p>Success needs exit code 0 <em>and</em> {@code is_error: false} in the result object. A
 * failure is classified from {@code api_error_status}, else the status its {@code api_error_type}
 * stands for ({@code rate_limit_error} 429, {@code authentication_error} 401,
 * {@code permission_error} 403, {@code overloaded_error} 529), through
 * {@link FailureKinds#fromHttpStatus} (which falls back to the text); "Credit balance is too low"
 * is quota exhausted whatever the status, with {@link #CREDIT_HINT} as the next step. Token usage
 * is {@code usage.input_tokens} (not counting cache reads and writes) and
 * {@code usage.output_tokens}; the session id is {@code session_id}, on success and failure.
 * {@code total_cost_usd} becomes {@link DispatchResult#costUsd()}, on success and failure.
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
    /** What to do when the API account has run out of credit. */
    public static final String CREDIT_HINT = "add credits to the Anthropic account (console.anthropic.com, Plans &"
            + " Billing), or log claude in with a Claude subscription instead of an API key";
    /** The setting naming the tools claude may use without asking, comma separated. */
    static final String ALLOWED_TOOLS_SETTING = "allowed_tools";
    /** The setting naming claude's {@code --permission-mode}. */
    static final String PERMISSION_MODE_SETTING = "permission_mode";
    /** The npm tool's pre-approved tools: enough for a coding task to edit files and run the tests. */
    static final String DEFAULT_ALLOWED_TOOLS = "Bash,Read,Edit,Write";
    /** The npm tool's permission mode; unlike {@code bypassPermissions} it also works as root. */
    static final String DEFAULT_PERMISSION_MODE = "acceptEdits";
    /** The modes claude 2.1.330 accepts for {@code --permission-mode}. */
    static final Set<String> PERMISSION_MODES = new TreeSet<>(
            List.of("acceptEdits", "auto", "bypassPermissions", "default", "dontAsk", "manual", "plan"));
    /** The variable that caps the CLI's own retries. */
    static final String MAX_RETRIES = "CLAUDE_CODE_MAX_RETRIES";

    private static final int EXCERPT = 300;

    public ClaudeCodeDispatcher(RouteSpec route, HarnessContext context) {
        super(route, context, ClaudeCodeHarness.DEFAULT_COMMAND, INSTALL_COMMAND);
    }

    /** Unavailable when a setting is unknown or has a bad value, else by {@code PATH}. */
    @Override
    public Availability availability() {
        Optional<String> problem = settingsProblem();
        if (problem.isPresent()) {
            return Availability.unavailable("route " + route().id() + ": " + problem.get());
        }
        return super.availability();
    }

    private Optional<String> settingsProblem() {
        Set<String> unknown = new TreeSet<>(route().settings().keySet());
        unknown.removeAll(List.of(ALLOWED_TOOLS_SETTING, PERMISSION_MODE_SETTING));
        if (!unknown.isEmpty()) {
            return Optional.of("unknown setting(s) " + unknown + " (claude_code reads " + ALLOWED_TOOLS_SETTING
                    + " and " + PERMISSION_MODE_SETTING + ")");
        }
        String mode = route().settings().get(PERMISSION_MODE_SETTING);
        if (mode != null && !PERMISSION_MODES.contains(mode)) {
            return Optional.of("setting " + PERMISSION_MODE_SETTING + " must be one of " + PERMISSION_MODES + ", not \""
                    + mode + "\"");
        }
        String tools = route().settings().get(ALLOWED_TOOLS_SETTING);
        if (tools != null && !tools.isBlank()) {
            for (String tool : tools.split(",", -1)) {
                String t = tool.strip();
                if (t.isEmpty() || t.startsWith("-")) {
                    return Optional.of("setting " + ALLOWED_TOOLS_SETTING + " must be tool names separated by commas"
                            + " (e.g. Bash,Read,Edit,Write or \"Bash(git *),Edit\"), or empty for none, not \""
                            + tools + "\"");
                }
            }
        }
        return Optional.empty();
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

    private List<String> argumentsWithoutPrompt(DispatchRequest request) {
        List<String> argv = new ArrayList<>(List.of("-p", "--output-format", "stream-json", "--verbose",
                "--model", request.model()));
        String tools = allowedTools();
        if (!tools.isEmpty()) {
            argv.add("--allowedTools");
            argv.add(tools);
        }
        argv.add("--permission-mode");
        argv.add(route().settings().getOrDefault(PERMISSION_MODE_SETTING, DEFAULT_PERMISSION_MODE));
        return argv;
    }

    /** The allowed tools as one comma-separated argument without blanks around the commas. */
    private String allowedTools() {
        String tools = route().settings().getOrDefault(ALLOWED_TOOLS_SETTING, DEFAULT_ALLOWED_TOOLS);
        return tools.isBlank() ? "" : String.join(",", Arrays.stream(tools.split(",")).map(String::strip).toList());
    }

    @Override
    protected Map<String, String> environmentDefaults(DispatchRequest request) {
        return Map.of(MAX_RETRIES, "0");
    }

    @Override
    protected StreamParser streamParser(DispatchRequest request) {
        return new ClaudeStream(this::result);
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
                    .sessionId(r.sessionId().orElse(null)).costUsd(cost(r)).build();
        }
        return failure(r, outcome);
    }

    private static Double cost(ClaudeResult r) {
        return r.costUsd().isPresent() ? r.costUsd().getAsDouble() : null;
    }

    private DispatchResult failure(ClaudeResult r, ProcessOutcome outcome) {
        String said = r.text().map(String::strip).filter(t -> !t.isEmpty())
                .or(() -> Optional.of(outcome.stderr().strip()).filter(t -> !t.isEmpty()))
                .orElse("claude exited with code " + outcome.exitCode() + " and reported an error without text");
        // Classify the error sentence and stderr, never the raw JSON: "duration_ms":429 is no rate limit.
        FailureKind kind = kindOf(r, said + "\n" + outcome.stderr());
        String error = kind == FailureKind.AUTH ? said + " — " + LOGIN_HINT : said;
        String next = kind == FailureKind.AUTH ? LOGIN_HINT : isCreditExhausted(kind, said) ? CREDIT_HINT : null;
        DispatchResult.Builder b = DispatchResult.failure(kind, error).tokenUsage(r.usage().orElse(null))
                .sessionId(r.sessionId().orElse(null)).nextStep(next).costUsd(cost(r));
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
        if (status != 429 && saysCreditIsLow(text)) {
            return FailureKind.QUOTA_EXHAUSTED;
        }
        return FailureKinds.fromHttpStatus(status, text);
    }

    private static boolean isCreditExhausted(FailureKind kind, String said) {
        return kind == FailureKind.QUOTA_EXHAUSTED && saysCreditIsLow(said);
    }

    private static boolean saysCreditIsLow(String text) {
        return text.toLowerCase(Locale.ROOT).contains("credit balance is too low");
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
