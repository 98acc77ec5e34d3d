package io.harnessrouter.plugins.opencode;

import io.harnessrouter.api.DoctorProbe;
import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.ProbeReport;
import io.harnessrouter.api.ProbeReport.AuthState;
import io.harnessrouter.api.support.ProcessOutcome;
import io.harnessrouter.api.support.ProcessSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code harness-router doctor} for opencode: finds the binary, runs {@code opencode --version}
 * ({@code 1.18.33}, at most 5 s) and tells what it can about authentication without calling a
 * model. opencode takes each provider's own key variable ({@code ANTHROPIC_API_KEY},
 * {@code OPENAI_API_KEY}, ...) or the credentials of {@code opencode providers login}; the
 * reference records no command that reports those credentials, so a set key variable counts as
 * authenticated and otherwise the state is unknown (the live probe with the route's model tells).
 * Only variable names are reported, never values.
 *
 * <p>Two next steps always follow, as opencode is opaque when a model is wrong: models are written
 * {@code provider/model}, and an "Unexpected server error" is explained by {@code --print-logs}.
 *
 * <p>Thread-safety: stateless apart from the context; safe for concurrent use.
 *
 * @since 0.1.0
 */
public final class OpencodeProbe implements DoctorProbe {

    /** Provider key variables opencode reads (those the reference names). */
    static final List<String> KEY_VARIABLES = List.of("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "GEMINI_API_KEY",
            "GOOGLE_GENERATIVE_AI_API_KEY", "OPENROUTER_API_KEY", "OPENCODE_CONFIG_CONTENT", "OPENCODE_CONFIG");
    /** The next step shown when no credentials are known. */
    public static final String LOGIN_STEP = "give opencode a provider's credentials: " + OpencodeDispatcher.LOGIN_HINT;
    /** The next step about opencode's model ids and its opaque errors, always shown. */
    public static final String MODEL_STEP = "write each opencode route's model as provider/model (e.g."
            + " anthropic/claude-sonnet-4-5); if a route fails with only \"" + OpencodeDispatcher.UNEXPECTED_SERVER_ERROR
            + "\", run `opencode run --print-logs -m <provider/model> -- hi` to see why";

    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+(\\.\\d+)?");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private final HarnessContext context;

    public OpencodeProbe(HarnessContext context) {
        this.context = context;
    }

    @Override
    public ProbeReport check(Optional<String> command, Duration timeout) {
        String cmd = command.filter(c -> !c.isBlank()).orElse(OpencodeHarness.DEFAULT_COMMAND);
        Optional<Path> path = context.processRunner().which(cmd);
        Duration limit = timeout.compareTo(COMMAND_TIMEOUT) < 0 ? timeout : COMMAND_TIMEOUT;
        if (path.isEmpty()) {
            return report(false, path, Optional.empty(), "opencode CLI not found on PATH (looked for '" + cmd + "')",
                    OpencodeDispatcher.INSTALL_COMMAND);
        }
        ProcessOutcome o = context.processRunner().run(ProcessSpec.builder(List.of(path.get().toString(), "--version"))
                .timeout(limit).killGrace(Duration.ofMillis(500)).maxCaptureBytes(64 * 1024).build());
        Optional<String> version = o.exitedCleanly() ? parseVersion(o.stdout() + "\n" + o.stderr()) : Optional.empty();
        if (version.isEmpty()) {
            return report(false, path, Optional.empty(), "opencode at " + path.get() + " did not answer --version: "
                    + why(o, limit), "reinstall it: " + OpencodeDispatcher.INSTALL_COMMAND);
        }
        return report(true, path, version, "opencode " + version.get() + " at " + path.get(), null);
    }

    /** The first {@code major.minor[.patch]} in the text, e.g. {@code 1.18.33}. */
    static Optional<String> parseVersion(String text) {
        Matcher m = VERSION.matcher(text);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    private ProbeReport report(boolean installed, Optional<Path> path, Optional<String> version, String detail,
            String installStep) {
        Optional<String> key = KEY_VARIABLES.stream().filter(this::isSet).findFirst();
        AuthState auth = key.isPresent() ? AuthState.AUTHENTICATED : AuthState.UNKNOWN;
        String authDetail = key.map(k -> k + " is set")
                .orElse("no provider key variable is set; `opencode providers login` credentials are not checked");
        List<String> steps = new ArrayList<>();
        if (installStep != null) {
            steps.add(installStep);
        }
        if (key.isEmpty()) {
            steps.add(LOGIN_STEP);
        }
        steps.add(MODEL_STEP);
        return ProbeReport.builder(OpencodeHarness.ID).installed(installed).path(path.orElse(null))
                .version(version.orElse(null)).auth(auth).detail(detail + "; auth: " + authDetail)
                .nextSteps(steps).build();
    }

    private boolean isSet(String name) {
        String value = context.environment().get(name);
        return value != null && !value.isBlank();
    }

    private static String why(ProcessOutcome o, Duration limit) {
        if (o.startError().isPresent()) {
            return o.startError().get();
        }
        if (o.timedOut()) {
            return "no answer within " + limit.toMillis() + " ms";
        }
        String out = (o.stderr().isBlank() ? o.stdout() : o.stderr()).strip();
        int nl = out.indexOf('\n');
        out = nl < 0 ? out : out.substring(0, nl).strip();
        return "exit code " + o.exitCode() + (out.isEmpty() ? "" : ", output: "
                + (out.length() <= 120 ? out : out.substring(0, 120) + "…"));
    }
}
