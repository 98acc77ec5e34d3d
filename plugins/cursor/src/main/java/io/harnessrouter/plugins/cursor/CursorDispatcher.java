package io.harnessrouter.plugins.cursor;

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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one prompt through the Cursor CLI:
 * {@code agent -p --output-format json --trust --workspace <dir> --model <m> [--force] <prompt>},
 * built from Cursor's published docs only (not verified against a real binary).
 *
 * <ul>
 *   <li>{@code --workspace} is the request's working directory (the child's cwd is the same),
 *       else the user's home directory ({@code HOME}), so the CLI never works on whatever
 *       directory the server happened to start in;</li>
 *   <li>{@code --trust}: the docs call it required for headless runs (no trust prompt);</li>
 *   <li>{@code --force} (alias {@code --yolo}: run every tool without approval) only when the
 *       route's {@code settings.force} is {@code true}; without it print mode edits workspace files
 *       and rejects what would need approval;</li>
 *   <li>the prompt is the last, positional argument, the request's files listed in it
 *       ({@link PromptFiles#filesToWorkWith}). Cursor's docs do not say that {@code agent} takes
 *       {@code --} as the end of its options, nor that it reads a prompt from stdin, so a prompt
 *       that starts with {@code -} gets one leading space (no option parser reads {@code " -x"}
 *       as an option; the model does not care), and a prompt too long for one argument
 *       (128 KiB) is refused by the process runner with that cause named instead of going on
 *       stdin;</li>
 *   <li>stdin {@code /dev/null}; the environment is the route's and the request's {@code env},
 *       so a {@code CURSOR_API_KEY} there reaches the CLI. {@code --api-key} is never used: an
 *       argument is visible to every user of the machine in {@code ps}.</li>
 * </ul>
 * Cursor's docs name no switch for the CLI's own retries; nothing is capped, the route's timeout
 * bounds them.
 *
 * <p>Output: {@link CursorOutput} reads the result object
 * {@code {"type":"result","subtype":"success","is_error":false,"result",...,"session_id"}}; a
 * failure is a non-zero exit with the message on stderr (and no JSON), or {@code is_error: true}.
 * See {@link #classify} for the failure kinds.
 *
 * <p>Thread-safety: serves concurrent dispatches; per-call state lives in the call's parser.
 *
 * @since 0.1.0
 */
public final class CursorDispatcher extends AbstractCliDispatcher {

    /** How Cursor's docs install the CLI. */
    public static final String INSTALL_COMMAND = "curl https://cursor.com/install -fsS | bash";
    /** What to do when the CLI is not authenticated. */
    public static final String LOGIN_HINT = "run `agent login` (or `cursor-agent login`), or set CURSOR_API_KEY"
            + " in the route's env (a key from the Cursor dashboard, Integrations > User API Keys)";
    /** What to do when the team or plan refuses the request. */
    public static final String FORBIDDEN_HINT = "the Cursor team or plan does not allow this (a team admin may have"
            + " disabled Run Everything, which settings.force needs, or the model): ask the admin, or drop"
            + " settings.force / use a model the account may use";
    /** What to do when the CLI does not know the model. */
    public static final String MODEL_HINT = "run `agent --list-models` to see the models the account may use";
    /** The route setting that adds {@code --force}. */
    public static final String FORCE_SETTING = "force";

    private static final int EXCERPT = 300;
    private static final Pattern STATUS = Pattern.compile("\\b(?:status|HTTP)[:\\s]+(\\d{3})\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NOT_AUTHENTICATED = Pattern.compile(
            "(?i)not authenticated|not logged in|authentication required|invalid api key|unauthorized");
    private static final Pattern FORBIDDEN = Pattern.compile(
            "(?i)\\bforbidden\\b|team admin|\\badmin(istrator)? has disabled|team polic(y|ies)|not permitted|not allowed");
    private static final Pattern UNKNOWN_MODEL = Pattern.compile("(?i)\\bmodel\\b[^\\n]{0,80}?\\b(not found|not"
            + " available|unavailable|not supported|does not exist|is invalid)\\b|\\b(invalid|unknown|unsupported)"
            + " model\\b|cannot use this model");
    private static final Pattern QUOTA = Pattern.compile("(?i)usage limit|\\bquota\\b|spend(ing)? limit|out of credits");

    public CursorDispatcher(RouteSpec route, HarnessContext context) {
        super(withResolvedCommand(route, context), context, CursorHarness.DEFAULT_COMMAND, INSTALL_COMMAND);
    }

    /**
     * The route, or, when it runs {@code agent} (the host fills in the harness's default command
     * for a route without one) and only {@code cursor-agent} is installed, a copy that runs
     * {@code cursor-agent}. The binary is chosen here, when the config is loaded.
     */
    private static RouteSpec withResolvedCommand(RouteSpec route, HarnessContext context) {
        Optional<String> configured = route.command().filter(c -> !c.isBlank());
        String resolved = CursorHarness.resolveCommand(configured, context.processRunner());
        return resolved.equals(configured.orElse(CursorHarness.DEFAULT_COMMAND)) ? route
                : route.toBuilder().command(resolved).build();
    }

    /** Unavailable when the route has settings other than {@code force: true|false}, else by {@code PATH}. */
    @Override
    public Availability availability() {
        Set<String> unknown = new TreeSet<>(route().settings().keySet());
        unknown.remove(FORCE_SETTING);
        if (!unknown.isEmpty()) {
            return Availability.unavailable("route " + route().id() + " has settings this harness does not understand: "
                    + unknown + " (cursor takes only " + FORCE_SETTING + ")");
        }
        String force = route().settings().get(FORCE_SETTING);
        if (force != null && !force.equals("true") && !force.equals("false")) {
            return Availability.unavailable("route " + route().id() + " has settings.force '" + force
                    + "'; cursor accepts true or false");
        }
        return super.availability();
    }

    /** Also names the older binary when neither is installed. */
    @Override
    protected String notFoundReason() {
        if (!command().equals(CursorHarness.DEFAULT_COMMAND)) {
            return super.notFoundReason();
        }
        return "Cursor CLI not found on PATH (looked for '" + CursorHarness.DEFAULT_COMMAND + "' and '"
                + CursorHarness.OLD_COMMAND + "') — install: " + INSTALL_COMMAND;
    }

    @Override
    protected List<String> arguments(DispatchRequest request) {
        List<String> argv = new ArrayList<>(List.of("-p", "--output-format", "json", "--trust", "--workspace",
                workspace(request).toString(), "--model", request.model()));
        if ("true".equals(route().settings().get(FORCE_SETTING))) {
            argv.add("--force");
        }
        String prompt = promptText(request);
        argv.add(prompt.startsWith("-") ? " " + prompt : prompt);
        return argv;
    }

    @Override
    protected String promptText(DispatchRequest request) {
        return PromptFiles.filesToWorkWith(request.prompt(), request.files());
    }

    /** The request's working directory, else the home directory of the user the server runs as. */
    private Path workspace(DispatchRequest request) {
        return request.workingDir().orElseGet(() -> {
            String home = context().environment().get("HOME");
            return Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home);
        });
    }

    @Override
    protected StreamParser streamParser(DispatchRequest request) {
        return new CursorOutput(this::result);
    }

    /** The result of a finished process from what it printed. */
    DispatchResult result(Optional<CursorOutput.Result> json, ProcessOutcome outcome) {
        Optional<String> sessionId = json.flatMap(CursorOutput.Result::sessionId);
        boolean failed = outcome.exitCode() != 0 || json.map(CursorOutput.Result::isError).orElse(false);
        if (!failed) {
            Optional<String> answer = json.flatMap(CursorOutput.Result::text);
            if (answer.isEmpty()) {
                String shown = excerpt(outcome.stdout().isBlank() ? outcome.stderr() : outcome.stdout(), EXCERPT);
                String truncated = truncationNote(outcome).map(note -> " " + note).orElse("");
                return DispatchResult.failure(FailureKind.OTHER, "cursor agent exited 0 but printed no JSON result"
                        + truncated + ": " + (shown.isEmpty() ? "(no output)" : shown))
                        .sessionId(sessionId.orElse(null)).build();
            }
            String text = answer.get().strip();
            String shown = truncationNote(outcome).map(note -> text + "\n\n" + note).orElse(text);
            return DispatchResult.success(shown).sessionId(sessionId.orElse(null)).build();
        }
        String said = Optional.of(excerpt(stderrError(outcome.stderr()), EXCERPT)).filter(t -> !t.isEmpty())
                .or(() -> json.filter(CursorOutput.Result::isError).flatMap(CursorOutput.Result::text)
                        .map(t -> excerpt(t, EXCERPT)).filter(t -> !t.isEmpty()))
                .orElse("cursor agent exited with code " + outcome.exitCode() + " and reported no error");
        FailureKind kind = classify(said);
        String nextStep = switch (kind) {
            case AUTH -> LOGIN_HINT;
            case FORBIDDEN -> FORBIDDEN_HINT;
            case MODEL_REJECTED -> MODEL_HINT;
            default -> null;
        };
        DispatchResult.Builder b = DispatchResult.failure(kind, nextStep == null ? said : said + " — " + nextStep)
                .sessionId(sessionId.orElse(null)).nextStep(nextStep);
        if (kind.isCapacity()) {
            RateLimitText.retryAfter(said).ifPresent(b::retryAfter);
        }
        return b.build();
    }

    /**
     * The failure kind of the CLI's error text. Cursor's docs give no error texts beyond "Not
     * authenticated" and that {@code --force} "exits with an error" when a team admin disabled
     * Run Everything, so these patterns are our reading of them, unverified: {@code Not
     * authenticated} (and {@code not logged in}, {@code invalid API key}, {@code unauthorized}) is
     * auth; {@code forbidden}, {@code team admin}, {@code admin has disabled}, {@code team
     * policy}, {@code not allowed}, {@code not permitted} is forbidden; a {@code model} that is
     * {@code not found}, {@code not available}, {@code not supported}, {@code invalid} or
     * {@code unknown} is model rejected; {@code usage limit}, {@code quota}, {@code spend limit},
     * {@code out of credits} is quota exhausted (Cursor's limits are plan limits); then an HTTP
     * status the text names ({@code status 429}, {@code HTTP 503}) and the shared phrases through
     * {@link FailureKinds#fromHttpStatus} ({@code rate limit}, {@code too many requests}, a
     * {@code 429}: rate limited).
     */
    static FailureKind classify(String said) {
        if (NOT_AUTHENTICATED.matcher(said).find()) {
            return FailureKind.AUTH;
        }
        if (FORBIDDEN.matcher(said).find()) {
            return FailureKind.FORBIDDEN;
        }
        if (UNKNOWN_MODEL.matcher(said).find()) {
            return FailureKind.MODEL_REJECTED;
        }
        if (QUOTA.matcher(said).find()) {
            return FailureKind.QUOTA_EXHAUSTED;
        }
        Matcher m = STATUS.matcher(said);
        return FailureKinds.fromHttpStatus(m.find() ? Integer.parseInt(m.group(1)) : 0, said);
    }

    /** Stderr's non-blank lines, without a JSON object the CLI may have put there. */
    private static String stderrError(String stderr) {
        List<String> kept = new ArrayList<>();
        for (String line : stderr.strip().split("\\R")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("{")) {
                kept.add(l);
            }
        }
        return String.join("\n", kept);
    }
}
