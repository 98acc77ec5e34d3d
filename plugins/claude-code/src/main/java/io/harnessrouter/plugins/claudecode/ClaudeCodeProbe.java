package io.harnessrouter.plugins.claudecode;

import io.harnessrouter.api.DoctorProbe;
import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.ProbeReport;
import io.harnessrouter.api.ProbeReport.AuthState;
import io.harnessrouter.api.support.ProcessOutcome;
import io.harnessrouter.api.support.ProcessSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code harness-router doctor} for Claude Code: finds the binary, runs {@code claude --version}
 * (at most 5 s) and tells whether credentials are present without calling the model:
 * {@code ANTHROPIC_API_KEY}, {@code ANTHROPIC_AUTH_TOKEN} or {@code CLAUDE_CODE_OAUTH_TOKEN} set,
 * or {@code ~/.claude/.credentials.json} (under {@code CLAUDE_CONFIG_DIR} when set) present, means
 * authenticated; otherwise it cannot tell ({@link AuthState#UNKNOWN}: on macOS the login lives in
 * the keychain) and the live probe decides. Secret values are never read into the report.
 *
 * <p>Thread-safety: stateless apart from the context; safe for concurrent use.
 *
 * @since 0.1.0
 */
public final class ClaudeCodeProbe implements DoctorProbe {

    /** The next step shown when the login state is not known to be good. */
    public static final String LOGIN_STEP = "if claude is not logged in yet: run `claude` and log in with /login, "
            + "or set ANTHROPIC_API_KEY";

    static final List<String> TOKEN_VARIABLES = List.of("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN",
            "CLAUDE_CODE_OAUTH_TOKEN");

    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+(\\.\\d+)?");
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(5);

    private final HarnessContext context;

    public ClaudeCodeProbe(HarnessContext context) {
        this.context = context;
    }

    @Override
    public ProbeReport check(Optional<String> command, Duration timeout) {
        String cmd = command.filter(c -> !c.isBlank()).orElse(ClaudeCodeHarness.DEFAULT_COMMAND);
        Auth auth = auth();
        Optional<Path> path = context.processRunner().which(cmd);
        if (path.isEmpty()) {
            return report(false, path, Optional.empty(), auth,
                    "claude CLI not found on PATH (looked for '" + cmd + "')", ClaudeCodeDispatcher.INSTALL_COMMAND);
        }
        Duration limit = timeout.compareTo(VERSION_TIMEOUT) < 0 ? timeout : VERSION_TIMEOUT;
        ProcessOutcome o = context.processRunner().run(ProcessSpec.builder(List.of(path.get().toString(), "--version"))
                .timeout(limit).killGrace(Duration.ofMillis(500)).maxCaptureBytes(64 * 1024).build());
        Optional<String> version = o.exitedCleanly() ? parseVersion(o.stdout() + "\n" + o.stderr()) : Optional.empty();
        if (version.isEmpty()) {
            return report(false, path, Optional.empty(), auth, "claude at " + path.get()
                    + " did not answer --version: " + why(o, limit),
                    "reinstall it: " + ClaudeCodeDispatcher.INSTALL_COMMAND);
        }
        return report(true, path, version, auth, "claude " + version.get() + " at " + path.get(), null);
    }

    /** The first {@code major.minor[.patch]} in the text, e.g. {@code 2.1.330} from {@code 2.1.330 (Claude Code)}. */
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
        if (auth.state != AuthState.AUTHENTICATED) {
            steps.add(LOGIN_STEP);
        }
        return ProbeReport.builder(ClaudeCodeHarness.ID).installed(installed).path(path.orElse(null))
                .version(version.orElse(null)).auth(auth.state).detail(detail + "; auth: " + auth.detail)
                .nextSteps(steps).build();
    }

    private Auth auth() {
        Map<String, String> env = context.environment();
        for (String name : TOKEN_VARIABLES) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return new Auth(AuthState.AUTHENTICATED, name + " is set");
            }
        }
        Optional<Path> credentials = credentialsFile(env);
        if (credentials.isPresent() && Files.isRegularFile(credentials.get())) {
            return new Auth(AuthState.AUTHENTICATED, "logged in (" + credentials.get() + ")");
        }
        return new Auth(AuthState.UNKNOWN, "no " + String.join(", ", TOKEN_VARIABLES)
                + " and no " + credentials.map(Path::toString).orElse("~/.claude/.credentials.json")
                + "; the live probe will tell");
    }

    private static Optional<Path> credentialsFile(Map<String, String> env) {
        String configDir = env.get("CLAUDE_CONFIG_DIR");
        if (configDir != null && !configDir.isBlank()) {
            return Optional.of(Path.of(configDir, ".credentials.json"));
        }
        String home = env.get("HOME");
        return home == null || home.isBlank() ? Optional.empty()
                : Optional.of(Path.of(home, ".claude", ".credentials.json"));
    }

    private static String why(ProcessOutcome o, Duration limit) {
        if (o.startError().isPresent()) {
            return o.startError().get();
        }
        if (o.timedOut()) {
            return "no answer within " + limit.toMillis() + " ms";
        }
        String out = (o.stdout() + " " + o.stderr()).strip();
        return "exit code " + o.exitCode() + (out.isEmpty() ? "" : ", output: " + abbreviate(out));
    }

    private static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\s+", " ");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 120) + "…";
    }

    private static final class Auth {
        final AuthState state;
        final String detail;

        Auth(AuthState state, String detail) {
            this.state = state;
            this.detail = detail;
        }
    }
}
