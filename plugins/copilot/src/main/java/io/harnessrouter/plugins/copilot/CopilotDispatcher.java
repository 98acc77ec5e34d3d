package io.harnessrouter.plugins.copilot;

import io.harnessrouter.api.Availability;
import io.harnessrouter.api.DispatchRequest;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.support.AbstractCliDispatcher;
import io.harnessrouter.api.support.ProcessOutcome;
import io.harnessrouter.api.support.RateLimitText;
import io.harnessrouter.api.support.StreamParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Runs one prompt through the GitHub Copilot CLI:
 * {@code copilot --prompt=<p> --output-format json --model <m> [-C <dir>] --allow-all-tools
 * --no-auto-update --no-ask-user [--attachment <file>]...}, stdin {@code /dev/null}. The prompt is
 * always attached ({@code --prompt=<p>}): {@code -p "-x ..."} and any stray token give copilot's
 * misleading "Invalid command format" error. {@code --allow-all-tools} lets the agent edit and
 * run commands headless; {@code --no-ask-user} removes the tool that would wait for an answer;
 * {@code --no-auto-update} keeps a dispatch from updating the CLI. The request's files go in as
 * {@code --attachment}s. A prompt over {@link #STDIN_PROMPT_THRESHOLD_BYTES} goes on stdin
 * without {@code --prompt}: copilot takes piped stdin as the prompt.
 *
 * <p>Environment: the route's and the request's {@code env} on top of the host's, so the token
 * variables ({@code COPILOT_GITHUB_TOKEN} &gt; {@code GH_TOKEN} &gt; {@code GITHUB_TOKEN}, in
 * copilot's order) and the BYOK variables ({@code COPILOT_PROVIDER_BASE_URL},
 * {@code COPILOT_PROVIDER_API_KEY}, ...) reach the child. A token the route sets wins over a
 * higher-ranked token variable the host happens to have: that variable gets the route's token
 * too. Copilot retries a 429 itself ("retried 5 times") and has no flag or variable for it
 * (none in the recorded 1.0.102 help), so nothing is capped; the route's timeout bounds it.
 *
 * <p>Output: a per-call {@link CopilotEvents} reads the JSONL as it arrives; the answer is the
 * last {@code assistant.message}'s content. Failure: a non-zero exit, a {@code session.error}
 * or a non-zero {@code result.exitCode}; see {@link CopilotFailures} for the kinds. The premium
 * requests of the session ({@code result.usage.premiumRequests}) are logged with the session
 * id: the result has no slot for them, and they are no window figures for a quota observation.
 *
 * <p>Thread-safety: serves concurrent dispatches; per-call state lives in the call's parser.
 *
 * @since 0.1.0
 */
public final class CopilotDispatcher extends AbstractCliDispatcher {

    /** How to install the CLI. */
    public static final String INSTALL_COMMAND = "npm install -g @github/copilot";
    /** Copilot's token variables, highest precedence first. */
    public static final List<String> TOKEN_VARIABLES = List.of("COPILOT_GITHUB_TOKEN", "GH_TOKEN", "GITHUB_TOKEN");
    /** The variable that points copilot at a BYOK provider instead of GitHub. */
    public static final String PROVIDER_URL_VARIABLE = "COPILOT_PROVIDER_BASE_URL";

    private static final int EXCERPT = 300;

    private final System.Logger log;

    public CopilotDispatcher(RouteSpec route, HarnessContext context) {
        super(route, context, CopilotHarness.DEFAULT_COMMAND, INSTALL_COMMAND);
        this.log = context.logger(CopilotDispatcher.class.getName());
    }

    /** Unavailable when the route has any settings (copilot takes none), else by {@code PATH}. */
    @Override
    public Availability availability() {
        if (!route().settings().isEmpty()) {
            return Availability.unavailable("route " + route().id() + " has settings this harness does not understand: "
                    + new TreeSet<>(route().settings().keySet()) + " (copilot takes none)");
        }
        return super.availability();
    }

    @Override
    protected List<String> arguments(DispatchRequest request) {
        List<String> argv = new ArrayList<>();
        argv.add("--prompt=" + promptText(request));
        argv.addAll(options(request));
        return argv;
    }

    /** Without {@code --prompt} copilot reads the prompt from its piped stdin. */
    @Override
    protected Optional<List<String>> argumentsWithPromptOnStdin(DispatchRequest request) {
        return Optional.of(options(request));
    }

    private List<String> options(DispatchRequest request) {
        List<String> argv = new ArrayList<>(List.of("--output-format", "json", "--model", request.model()));
        Optional<Path> dir = request.workingDir();
        if (dir.isPresent()) {
            argv.add("-C");
            argv.add(dir.get().toString());
        }
        argv.addAll(List.of("--allow-all-tools", "--no-auto-update", "--no-ask-user"));
        for (Path file : request.files()) {
            argv.add("--attachment");
            argv.add(file.toString());
        }
        return argv;
    }

    /**
     * The route's and request's env; when they set a token variable, every higher-ranked one the
     * host has (and they do not set) gets that token too, so copilot uses the route's token.
     */
    @Override
    protected Map<String, String> environment(DispatchRequest request) {
        Map<String, String> env = super.environment(request);
        Optional<String> routeToken = TOKEN_VARIABLES.stream().filter(v -> isSet(env.get(v))).findFirst();
        if (routeToken.isEmpty()) {
            return env;
        }
        Map<String, String> out = new HashMap<>(env);
        for (String variable : TOKEN_VARIABLES.subList(0, TOKEN_VARIABLES.indexOf(routeToken.get()))) {
            if (!env.containsKey(variable) && isSet(context().environment().get(variable))) {
                out.put(variable, env.get(routeToken.get()));
            }
        }
        return out;
    }

    @Override
    protected StreamParser streamParser(DispatchRequest request) {
        return new CopilotEvents(this::result);
    }

    /** The result of a finished process from what its events said. */
    DispatchResult result(CopilotEvents.Seen seen, ProcessOutcome outcome) {
        seen.premiumRequests().ifPresent(n -> log.log(System.Logger.Level.INFO, "route " + route().id()
                + ": copilot session " + seen.sessionId().orElse("(no id)") + " used " + n + " premium request"
                + (n == 1 ? "" : "s")));
        boolean failed = outcome.exitCode() != 0 || seen.error().isPresent()
                || seen.resultExitCode().isPresent() && seen.resultExitCode().getAsInt() != 0;
        if (!failed) {
            if (seen.answer().isEmpty()) {
                String shown = excerpt(outcome.stdout().isBlank() ? outcome.stderr() : outcome.stdout(), EXCERPT);
                String truncated = truncationNote(outcome).map(note -> " " + note).orElse("");
                return DispatchResult.failure(FailureKind.OTHER, "copilot exited 0 but printed no assistant.message"
                        + truncated + ": " + (shown.isEmpty() ? "(no output)" : shown))
                        .sessionId(seen.sessionId().orElse(null)).build();
            }
            String answer = seen.answer().get().strip();
            String shown = truncationNote(outcome).map(note -> answer + "\n\n" + note).orElse(answer);
            return DispatchResult.success(shown).sessionId(seen.sessionId().orElse(null)).build();
        }
        CopilotFailures.Failure f = seen.error()
                .map(CopilotFailures::ofSessionError)
                .orElseGet(() -> CopilotFailures.ofStderr(outcome.stderr(), outcome.exitCode()));
        DispatchResult.Builder b = DispatchResult.failure(f.kind(),
                        f.nextStep().map(step -> f.message() + " — " + step).orElse(f.message()))
                .nextStep(f.nextStep().orElse(null)).sessionId(seen.sessionId().orElse(null));
        if (f.kind().isCapacity()) {
            RateLimitText.retryAfter(f.message()).ifPresent(b::retryAfter);
        }
        return b.build();
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
