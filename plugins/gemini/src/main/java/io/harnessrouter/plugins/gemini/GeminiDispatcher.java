package io.harnessrouter.plugins.gemini;

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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs one prompt through the Gemini CLI:
 * {@code gemini --prompt=<p> -o json -m <m> --skip-trust --approval-mode <mode>}, the request's
 * files listed in the prompt ({@link PromptFiles#filesToWorkWith}), stdin {@code /dev/null}, the
 * child's cwd the request's working directory (gemini has no directory flag). The prompt is
 * attached ({@code --prompt=<p>}): {@code -p "-x"} fails with "Not enough arguments following: p".
 * {@code --skip-trust} passes the untrusted-folder gate (exit 55 otherwise). The approval mode is
 * the route's {@code settings.approval_mode}, default {@code auto_edit} (the least that gives the
 * model its edit tools headless; {@code yolo} adds the shell and MCP tools). A prompt over
 * {@link #STDIN_PROMPT_THRESHOLD_BYTES} goes on stdin with an empty {@code --prompt=}: gemini
 * appends what stdin carries to the prompt.
 *
 * <p>Retries: gemini retries a 429 with 5–35 s of backoff per attempt up to
 * {@code general.maxAttempts} (default 10), minutes in all. It has no flag or variable for that
 * setting, so the child gets {@code GEMINI_CLI_SYSTEM_DEFAULTS_PATH} naming a file of ours under
 * {@code ~/.cache/harness-router/gemini} (gemini ignores one when any directory above it may be
 * written by others, as /tmp may) with
 * {@code {"general":{"maxAttempts":N}}} ({@code N} the route's {@code settings.max_attempts},
 * default 1: no retry). System defaults are gemini's lowest settings layer, so a
 * {@code maxAttempts} in the user's own {@code ~/.gemini/settings.json} still wins; nothing is
 * set when the route, the request or the host's environment sets that variable already.
 *
 * <p>Output: {@link GeminiOutput} reads the JSON object of stdout ({@code response},
 * {@code session_id}, {@code stats}) and, on failure, the error object gemini writes to stderr.
 * See {@link #classify} for the failure kinds.
 *
 * <p>Thread-safety: serves concurrent dispatches; per-call state lives in the call's parser.
 *
 * @since 0.1.0
 */
public final class GeminiDispatcher extends AbstractCliDispatcher {

    /** How to install the CLI. */
    public static final String INSTALL_COMMAND = "npm install -g @google/gemini-cli";
    /** What to do when gemini has no auth method. */
    public static final String LOGIN_HINT = "set GEMINI_API_KEY in the route's env (or GOOGLE_GENAI_USE_VERTEXAI=true"
            + " with GOOGLE_CLOUD_PROJECT and GOOGLE_CLOUD_LOCATION), or run `gemini` once and choose"
            + " \"Login with Google\"";
    /** What to do when the account may not use the model. */
    public static final String FORBIDDEN_HINT = "the Google account or project does not allow this model:"
            + " give the route a model it may use";
    /** What to do when gemini refuses the working directory as untrusted. */
    public static final String TRUST_HINT = "gemini refused the folder as untrusted although --skip-trust was"
            + " given; set GEMINI_CLI_TRUST_WORKSPACE=true in the route's env";
    /** The route setting that chooses {@code --approval-mode}. */
    public static final String APPROVAL_SETTING = "approval_mode";
    /** The route setting that chooses {@code general.maxAttempts}. */
    public static final String ATTEMPTS_SETTING = "max_attempts";
    /** {@code --approval-mode} when the route sets none: gemini may edit files, not run commands. */
    public static final String DEFAULT_APPROVAL = "auto_edit";
    /** {@code general.maxAttempts} when the route sets none: one attempt, no retry of gemini's own. */
    public static final int DEFAULT_MAX_ATTEMPTS = 1;
    /** The variable that names gemini's system-defaults settings file. */
    public static final String DEFAULTS_VARIABLE = "GEMINI_CLI_SYSTEM_DEFAULTS_PATH";

    static final Set<String> APPROVAL_MODES = Set.of("default", "auto_edit", "yolo", "plan");
    /** Gemini's exit codes of its own (not HTTP statuses). */
    static final int EXIT_AUTH = 41;
    static final int EXIT_INPUT = 42;
    static final int EXIT_TURN_LIMIT = 53;
    static final int EXIT_UNTRUSTED = 55;

    private static final int EXCERPT = 300;
    private static final int MAX_ATTEMPTS_LIMIT = 10;

    private final Object defaultsLock = new Object();
    private Path defaultsFile;

    public GeminiDispatcher(RouteSpec route, HarnessContext context) {
        super(route, context, GeminiHarness.DEFAULT_COMMAND, INSTALL_COMMAND);
    }

    /** Unavailable when the route has settings other than a valid {@code approval_mode} and {@code max_attempts}. */
    @Override
    public Availability availability() {
        Set<String> unknown = new TreeSet<>(route().settings().keySet());
        unknown.remove(APPROVAL_SETTING);
        unknown.remove(ATTEMPTS_SETTING);
        if (!unknown.isEmpty()) {
            return Availability.unavailable("route " + route().id() + " has settings this harness does not understand: "
                    + unknown + " (gemini_cli takes only " + APPROVAL_SETTING + " and " + ATTEMPTS_SETTING + ")");
        }
        String mode = route().settings().get(APPROVAL_SETTING);
        if (mode != null && !APPROVAL_MODES.contains(mode)) {
            return Availability.unavailable("route " + route().id() + " has settings.approval_mode '" + mode
                    + "'; gemini accepts " + new TreeSet<>(APPROVAL_MODES));
        }
        String attempts = route().settings().get(ATTEMPTS_SETTING);
        if (attempts != null && maxAttempts().isEmpty()) {
            return Availability.unavailable("route " + route().id() + " has settings.max_attempts '" + attempts
                    + "'; gemini accepts a whole number from 1 to " + MAX_ATTEMPTS_LIMIT);
        }
        return super.availability();
    }

    @Override
    protected List<String> arguments(DispatchRequest request) {
        return argv("--prompt=" + promptText(request), request);
    }

    /** An empty {@code --prompt=} keeps gemini headless; it appends stdin to that empty prompt. */
    @Override
    protected Optional<List<String>> argumentsWithPromptOnStdin(DispatchRequest request) {
        return Optional.of(argv("--prompt=", request));
    }

    @Override
    protected String promptText(DispatchRequest request) {
        return PromptFiles.filesToWorkWith(request.prompt(), request.files());
    }

    private List<String> argv(String prompt, DispatchRequest request) {
        return new ArrayList<>(List.of(prompt, "-o", "json", "-m", request.model(), "--skip-trust",
                "--approval-mode", route().settings().getOrDefault(APPROVAL_SETTING, DEFAULT_APPROVAL)));
    }

    /** {@code GEMINI_CLI_SYSTEM_DEFAULTS_PATH} naming our file that caps {@code general.maxAttempts}. */
    @Override
    protected Map<String, String> environmentDefaults(DispatchRequest request) {
        return Map.of(DEFAULTS_VARIABLE, defaultsFile().toString());
    }

    private Path defaultsFile() {
        synchronized (defaultsLock) {
            if (defaultsFile == null || !Files.isRegularFile(defaultsFile)) {
                int attempts = maxAttempts().orElse(DEFAULT_MAX_ATTEMPTS);
                String json = "{\"general\":{\"maxAttempts\":" + attempts + "}}\n";
                try {
                    defaultsFile = writeDefaults(cacheDirectory(), "system-defaults-max-attempts-" + attempts + ".json", json);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write gemini's system-defaults file", e);
                }
            }
            return defaultsFile;
        }
    }

    /**
     * Where the defaults file goes: {@code $XDG_CACHE_HOME/harness-router/gemini}, else
     * {@code ~/.cache/harness-router/gemini} of the host's user (not the route's {@code HOME}, which
     * may be a throwaway directory under /tmp), made owner-only. gemini skips a system-defaults file
     * when the file or any directory above it may be written by group or others ("Parent
     * directory '/tmp' is insecure"), so a temp directory will not do.
     */
    private Path cacheDirectory() {
        Map<String, String> env = context().environment();
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("harness-router").resolve("gemini");
    }

    private static Path writeDefaults(Path dir, String name, String json) throws IOException {
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: gemini's check is an ACL check there
        }
        Path file = dir.resolve(name);
        if (Files.isRegularFile(file) && Files.readString(file, StandardCharsets.UTF_8).equals(json)) {
            return file;
        }
        Path tmp = Files.createTempFile(dir, name, ".tmp");
        Files.writeString(tmp, json, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    private Optional<Integer> maxAttempts() {
        String value = route().settings().get(ATTEMPTS_SETTING);
        if (value == null) {
            return Optional.of(DEFAULT_MAX_ATTEMPTS);
        }
        try {
            int n = Integer.parseInt(value.strip());
            return n >= 1 && n <= MAX_ATTEMPTS_LIMIT ? Optional.of(n) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    protected StreamParser streamParser(DispatchRequest request) {
        return new GeminiOutput(this::result);
    }

    /** The result of a finished process from what it printed. */
    DispatchResult result(GeminiOutput.Seen seen, ProcessOutcome outcome) {
        if (outcome.exitCode() == 0 && seen.error().isEmpty()) {
            if (seen.response().isEmpty()) {
                String shown = excerpt(outcome.stdout().isBlank() ? stderrLog(outcome.stderr()) : outcome.stdout(), EXCERPT);
                String truncated = truncationNote(outcome).map(note -> " " + note).orElse("");
                return DispatchResult.failure(FailureKind.OTHER, "gemini exited 0 but printed no JSON response"
                        + truncated + ": " + (shown.isEmpty() ? "(no output)" : shown))
                        .tokenUsage(seen.usage().orElse(null)).sessionId(seen.sessionId().orElse(null)).build();
            }
            String answer = seen.response().get().strip();
            String shown = truncationNote(outcome).map(note -> answer + "\n\n" + note).orElse(answer);
            return DispatchResult.success(shown).tokenUsage(seen.usage().orElse(null))
                    .sessionId(seen.sessionId().orElse(null)).build();
        }
        Optional<GeminiOutput.Error> error = seen.error();
        String said = error.map(GeminiOutput.Error::message).filter(m -> !m.isBlank())
                .or(() -> Optional.of(excerpt(stderrLog(outcome.stderr()), EXCERPT)).filter(t -> !t.isEmpty()))
                .orElse("gemini exited with code " + outcome.exitCode() + " and reported no error");
        FailureKind kind = classify(outcome.exitCode(), error.map(GeminiOutput.Error::code).orElse(0), said);
        String nextStep = switch (kind) {
            case AUTH -> LOGIN_HINT;
            case FORBIDDEN -> FORBIDDEN_HINT;
            default -> outcome.exitCode() == EXIT_UNTRUSTED ? TRUST_HINT : null;
        };
        DispatchResult.Builder b = DispatchResult.failure(kind, nextStep == null ? said : said + " — " + nextStep)
                .tokenUsage(seen.usage().orElse(null)).sessionId(seen.sessionId().orElse(null)).nextStep(nextStep);
        if (kind.isCapacity()) {
            RateLimitText.retryAfter(said).ifPresent(b::retryAfter);
        }
        return b.build();
    }

    /**
     * The failure kind of a gemini run that failed: exit code (or error code) 41 is auth; an
     * HTTP status, from the error object's {@code code} or else from the exit code (gemini exits
     * with the status modulo 256, so 144–255 read back as 400–511: 173 is 429), goes through
     * {@link FailureKinds#fromHttpStatus}, which also reads the text ({@code You have exhausted
     * your daily quota} is quota exhausted, a 429 otherwise rate limited). A 400 whose text says
     * {@code API_KEY_INVALID} is auth. 42 (input), 53 (turn limit), 55 (untrusted folder) and 1
     * are read from the text alone, usually other.
     */
    static FailureKind classify(int exitCode, int errorCode, String said) {
        if (exitCode == EXIT_AUTH || errorCode == EXIT_AUTH) {
            return FailureKind.AUTH;
        }
        int status = errorCode >= 100 && errorCode <= 599 ? errorCode
                : exitCode >= 144 && exitCode <= 255 ? exitCode + 256 : 0;
        if (status == 400 && (said.contains("API_KEY_INVALID") || said.contains("API key not valid"))) {
            return FailureKind.AUTH;
        }
        return FailureKinds.fromHttpStatus(status, said);
    }

    /**
     * Stderr without gemini's noise: {@code [STARTUP]} lines, the ripgrep and terminal warnings,
     * stack frames and the "Full report available at" line.
     */
    static String stderrLog(String stderr) {
        List<String> kept = new ArrayList<>();
        for (String line : stderr.strip().split("\\R")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("[STARTUP]") && !l.startsWith("Ripgrep is not available")
                    && !l.startsWith("at ") && !l.contains("Full report available at") && !l.contains("TERM")) {
                kept.add(l);
            }
        }
        return String.join("\n", kept);
    }
}
