package io.harnessrouter.plugins.codex;

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
import io.harnessrouter.api.support.RateLimitText;
import io.harnessrouter.api.support.StreamParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one prompt through the Codex CLI:
 * {@code codex exec --json --skip-git-repo-check -C <dir> --sandbox <mode> -m <m> -- <prompt>},
 * the request's files listed in the prompt ({@link PromptFiles#filesToWorkWith}), stdin
 * {@code /dev/null} (codex reads stdin to EOF whenever it is not a terminal, so an open pipe
 * would hang it), and {@code -C} the request's working directory when it has one (the child's
 * cwd is the same). {@code --sandbox} is the route's {@code settings.sandbox}, default
 * {@code workspace-write} ({@code --full-auto} and {@code -a} exit 2 on codex 0.169). A prompt
 * over {@link #STDIN_PROMPT_THRESHOLD_BYTES} goes on stdin, the argv then ending in {@code -}.
 *
 * <p>Environment: the route's and the request's {@code env}. Codex sends {@code CODEX_API_KEY},
 * never {@code OPENAI_API_KEY}, with its built-in OpenAI provider; so when the route or the
 * request sets {@code OPENAI_API_KEY} and nobody sets {@code CODEX_API_KEY}, the child gets it as
 * {@code CODEX_API_KEY} too. Codex has no environment variable or flag for its own retries of
 * the built-in provider (≈ 5 s of them on a 429); they are a provider setting
 * ({@code request_max_retries}, {@code stream_max_retries}), so nothing is capped here.
 *
 * <p>Output: a per-call {@link CodexEvents} reads the JSONL as it arrives. The answer is the
 * last {@code agent_message}; failure is {@code turn.failed} or a non-zero exit, never a bare
 * {@code error} event (codex also prints its "Reconnecting... n/5" notices that way). See
 * {@link #classify} for the failure kinds.
 *
 * <p>Thread-safety: serves concurrent dispatches; per-call state lives in the call's parser.
 *
 * @since 0.1.0
 */
public final class CodexDispatcher extends AbstractCliDispatcher {

    /** How to install the CLI. */
    public static final String INSTALL_COMMAND = "npm install -g @openai/codex";
    /** What to do when codex is not authenticated. */
    public static final String LOGIN_HINT = "run `codex login` (or `printenv OPENAI_API_KEY | codex login"
            + " --with-api-key`), or set CODEX_API_KEY in the route's env (codex does not send OPENAI_API_KEY)";
    /** What to do when the account's plan or organisation refuses the request. */
    public static final String FORBIDDEN_HINT = "the account's plan or organisation does not allow this model or"
            + " tool: give the route a model the account may use";
    /** The route setting that chooses {@code --sandbox}. */
    public static final String SANDBOX_SETTING = "sandbox";
    /** {@code --sandbox} when the route does not set one: codex may edit the working directory. */
    public static final String DEFAULT_SANDBOX = "workspace-write";

    static final Set<String> SANDBOXES = Set.of("read-only", "workspace-write", "danger-full-access");
    static final String KEY_VARIABLE = "CODEX_API_KEY";
    static final String OPENAI_KEY_VARIABLE = "OPENAI_API_KEY";

    private static final int EXCERPT = 300;
    /** {@code last status: 429 Too Many Requests}, {@code unexpected status 401 Unauthorized: ...}. */
    private static final Pattern STATUS = Pattern.compile("\\bstatus:?\\s+(\\d{3})\\b");

    public CodexDispatcher(RouteSpec route, HarnessContext context) {
        super(route, context, CodexHarness.DEFAULT_COMMAND, INSTALL_COMMAND);
    }

    /** Unavailable when the route has settings other than a valid {@code sandbox}, else by {@code PATH}. */
    @Override
    public Availability availability() {
        Set<String> unknown = new TreeSet<>(route().settings().keySet());
        unknown.remove(SANDBOX_SETTING);
        if (!unknown.isEmpty()) {
            return Availability.unavailable("route " + route().id() + " has settings this harness does not understand: "
                    + unknown + " (codex takes only " + SANDBOX_SETTING + ")");
        }
        String sandbox = route().settings().get(SANDBOX_SETTING);
        if (sandbox != null && !SANDBOXES.contains(sandbox)) {
            return Availability.unavailable("route " + route().id() + " has settings.sandbox '" + sandbox
                    + "'; codex accepts " + new TreeSet<>(SANDBOXES));
        }
        return super.availability();
    }

    @Override
    protected List<String> arguments(DispatchRequest request) {
        List<String> argv = argumentsWithoutPrompt(request);
        argv.add("--");
        argv.add(promptText(request));
        return argv;
    }

    /** With {@code -} as the prompt, codex reads the prompt from stdin up to EOF. */
    @Override
    protected Optional<List<String>> argumentsWithPromptOnStdin(DispatchRequest request) {
        List<String> argv = argumentsWithoutPrompt(request);
        argv.add("-");
        return Optional.of(argv);
    }

    @Override
    protected String promptText(DispatchRequest request) {
        return PromptFiles.filesToWorkWith(request.prompt(), request.files());
    }

    private List<String> argumentsWithoutPrompt(DispatchRequest request) {
        List<String> argv = new ArrayList<>(List.of("exec", "--json", "--skip-git-repo-check"));
        Optional<Path> dir = request.workingDir();
        if (dir.isPresent()) {
            argv.add("-C");
            argv.add(dir.get().toString());
        }
        argv.add("--sandbox");
        argv.add(route().settings().getOrDefault(SANDBOX_SETTING, DEFAULT_SANDBOX));
        argv.add("-m");
        argv.add(request.model());
        return argv;
    }

    /** The route's and request's env, plus {@code CODEX_API_KEY} from an {@code OPENAI_API_KEY} set there. */
    @Override
    protected Map<String, String> environment(DispatchRequest request) {
        Map<String, String> env = super.environment(request);
        String openAiKey = env.get(OPENAI_KEY_VARIABLE);
        if (openAiKey == null || openAiKey.isBlank() || env.containsKey(KEY_VARIABLE)
                || context().environment().containsKey(KEY_VARIABLE)) {
            return env;
        }
        Map<String, String> withKey = new HashMap<>(env);
        withKey.put(KEY_VARIABLE, openAiKey);
        return withKey;
    }

    @Override
    protected StreamParser streamParser(DispatchRequest request) {
        return new CodexEvents(this::result);
    }

    /** The result of a finished process from what its events said. */
    DispatchResult result(CodexEvents.Seen seen, ProcessOutcome outcome) {
        if (outcome.exitCode() == 0 && seen.turnFailure().isEmpty()) {
            if (seen.answer().isEmpty()) {
                String shown = excerpt(outcome.stdout().isBlank() ? outcome.stderr() : outcome.stdout(), EXCERPT);
                String truncated = truncationNote(outcome).map(note -> " " + note).orElse("");
                return DispatchResult.failure(FailureKind.OTHER, "codex exited 0 but printed no agent_message"
                        + truncated + ": " + (shown.isEmpty() ? "(no output)" : shown))
                        .tokenUsage(seen.usage().orElse(null)).sessionId(seen.threadId().orElse(null)).build();
            }
            String answer = seen.answer().get().strip();
            String shown = truncationNote(outcome).map(note -> answer + "\n\n" + note).orElse(answer);
            return DispatchResult.success(shown).tokenUsage(seen.usage().orElse(null))
                    .sessionId(seen.threadId().orElse(null)).build();
        }
        String said = seen.turnFailure()
                .or(seen::lastError)
                .or(() -> Optional.of(stderrError(outcome.stderr())).filter(t -> !t.isEmpty()))
                .orElse("codex exited with code " + outcome.exitCode() + " and reported no error");
        FailureKind kind = classify(said);
        DispatchResult.Builder b = DispatchResult.failure(kind, kind == FailureKind.AUTH ? said + " — " + LOGIN_HINT : said)
                .tokenUsage(seen.usage().orElse(null)).sessionId(seen.threadId().orElse(null))
                .nextStep(kind == FailureKind.AUTH ? LOGIN_HINT : kind == FailureKind.FORBIDDEN ? FORBIDDEN_HINT : null);
        if (kind.isCapacity()) {
            RateLimitText.retryAfter(said).ifPresent(b::retryAfter);
            CodexResetTime.parse(said, context().clock().instant(), context().clock().getZone()).ifPresent(b::resetAt);
        }
        return b.build();
    }

    /**
     * The failure kind of codex's error sentence: the HTTP status it names ({@code last status:
     * 429 Too Many Requests}, {@code unexpected status 401 Unauthorized}) through
     * {@link FailureKinds#fromHttpStatus}, which falls back to the text: {@code Quota exceeded}
     * and {@code You’ve hit your usage limit} are quota exhausted, {@code Too Many Requests} is
     * rate limited, and so on.
     */
    static FailureKind classify(String said) {
        Matcher m = STATUS.matcher(said);
        return FailureKinds.fromHttpStatus(m.find() ? Integer.parseInt(m.group(1)) : 0, said);
    }

    /**
     * What stderr says went wrong, without codex's notices: {@code ERROR: <msg>} and clap's
     * {@code error: ...} lines when there are any, else all of stderr but the
     * {@code Reading additional input from stdin...} and {@code WARNING:} lines, shortened.
     */
    private static String stderrError(String stderr) {
        List<String> errors = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String line : stderr.strip().split("\\R")) {
            String l = line.strip();
            if (l.startsWith("ERROR:") || l.startsWith("error:") || l.startsWith("Error:")) {
                errors.add(l);
            } else if (!l.isEmpty() && !l.startsWith("Reading additional input from stdin")
                    && !l.startsWith("Reading prompt from stdin") && !l.startsWith("WARNING:")) {
                rest.add(l);
            }
        }
        return excerpt(String.join("\n", errors.isEmpty() ? rest : errors), EXCERPT);
    }
}
