package io.harnessrouter.plugins.copilot;

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
 * {@code harness-router doctor} for the Copilot CLI: finds the binary, runs
 * {@code copilot --version} (at most 5 s) and tells from the host's environment, without calling
 * anything, whether copilot has credentials: {@code COPILOT_PROVIDER_BASE_URL} (a BYOK provider,
 * no GitHub auth needed), else the first of {@code COPILOT_GITHUB_TOKEN}, {@code GH_TOKEN},
 * {@code GITHUB_TOKEN} that is set (a classic {@code ghp_} token is reported as not
 * authenticated: copilot refuses it). Without any, a stored {@code /login} or a {@code gh auth}
 * login may still work, but copilot offers no offline command to tell, so auth is unknown and the
 * host's live probe decides. A token's value is never copied into the report. Route {@code env}
 * is not visible here; the live probe runs with it.
 *
 * <p>Thread-safety: stateless apart from the context; safe for concurrent use.
 *
 * @since 0.1.0
 */
public final class CopilotProbe implements DoctorProbe {

    /** The next step shown when copilot is not known to have credentials. */
    public static final String LOGIN_STEP = "give copilot credentials: " + CopilotFailures.LOGIN_STEP;
    /** The next step shown for a classic personal access token. */
    public static final String PAT_STEP = CopilotFailures.PAT_STEP;

    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+(\\.\\d+)?");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private final HarnessContext context;

    public CopilotProbe(HarnessContext context) {
        this.context = context;
    }

    @Override
    public ProbeReport check(Optional<String> command, Duration timeout) {
        String cmd = command.filter(c -> !c.isBlank()).orElse(CopilotHarness.DEFAULT_COMMAND);
        Optional<Path> path = context.processRunner().which(cmd);
        Auth auth = auth();
        if (path.isEmpty()) {
            return report(false, path, Optional.empty(), auth,
                    "copilot CLI not found on PATH (looked for '" + cmd + "')", CopilotDispatcher.INSTALL_COMMAND);
        }
        Duration limit = timeout.compareTo(COMMAND_TIMEOUT) < 0 ? timeout : COMMAND_TIMEOUT;
        ProcessOutcome o = context.processRunner().run(ProcessSpec.builder(List.of(path.get().toString(), "--version"))
                .timeout(limit).killGrace(Duration.ofMillis(500)).maxCaptureBytes(64 * 1024).build());
        Optional<String> version = o.exitedCleanly() ? parseVersion(o.stdout() + "\n" + o.stderr()) : Optional.empty();
        if (version.isEmpty()) {
            return report(false, path, Optional.empty(), auth, "copilot at " + path.get()
                    + " did not answer --version: " + why(o, limit), "reinstall it: " + CopilotDispatcher.INSTALL_COMMAND);
        }
        return report(true, path, version, auth, "copilot " + version.get() + " at " + path.get(), null);
    }

    /** The first {@code major.minor[.patch]} in the text, e.g. {@code 1.0.102}. */
    static Optional<String> parseVersion(String text) {
        Matcher m = VERSION.matcher(text);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    private ProbeReport report(boolean installed, Optional<Path> path, Optional<String> version, Auth auth,
            String detail, String installStep) {
        List<String> steps = new ArrayList<>();
        if (installStep != null) {
            steps.add(installStep);
        }
        auth.step.ifPresent(steps::add);
        return ProbeReport.builder(CopilotHarness.ID).installed(installed).path(path.orElse(null))
                .version(version.orElse(null)).auth(auth.state).detail(detail + "; auth: " + auth.detail)
                .nextSteps(steps).build();
    }

    private Auth auth() {
        if (isSet(CopilotDispatcher.PROVIDER_URL_VARIABLE)) {
            return new Auth(AuthState.AUTHENTICATED, CopilotDispatcher.PROVIDER_URL_VARIABLE
                    + " is set (a BYOK provider; GitHub auth is skipped)", Optional.empty());
        }
        for (String variable : CopilotDispatcher.TOKEN_VARIABLES) {
            if (isSet(variable)) {
                if (context.environment().get(variable).strip().startsWith("ghp_")) {
                    return new Auth(AuthState.NOT_AUTHENTICATED, variable
                            + " holds a classic personal access token (ghp_), which copilot refuses", Optional.of(PAT_STEP));
                }
                return new Auth(AuthState.AUTHENTICATED, variable + " is set", Optional.empty());
            }
        }
        return new Auth(AuthState.UNKNOWN, "none of " + String.join(", ", CopilotDispatcher.TOKEN_VARIABLES)
                + " is set; a stored `copilot /login` or `gh auth login` cannot be checked offline",
                Optional.of(LOGIN_STEP));
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

    private static final class Auth {
        final AuthState state;
        final String detail;
        final Optional<String> step;

        Auth(AuthState state, String detail, Optional<String> step) {
            this.state = state;
            this.detail = detail;
            this.step = step;
        }
    }
}
