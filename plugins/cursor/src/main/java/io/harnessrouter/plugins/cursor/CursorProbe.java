package io.harnessrouter.plugins.cursor;

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
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code harness-router doctor} for the Cursor CLI: finds the binary ({@code agent}, else the
 * older {@code cursor-agent}), runs {@code <binary> --version} and tells what it can of
 * authentication without calling the model: {@code CURSOR_API_KEY} set in the host's environment
 * is authenticated; else {@code <binary> status}, which Cursor's docs say shows "whether you are
 * authenticated". The docs do not show its output, so (unverified) a text saying {@code not
 * logged in} or {@code not authenticated} is not authenticated, an exit 0 whose text says
 * {@code logged in} or {@code authenticated} is authenticated, and anything else is unknown until
 * the live probe (the host's, with the route's model) answers. Nothing {@code status} prints (it
 * shows account details) is copied into the report. Each command gets at most 5 s. Every report
 * ends with {@link CursorHarness#UNVERIFIED_NOTE}.
 *
 * <p>Thread-safety: stateless apart from the context; safe for concurrent use.
 *
 * @since 0.1.0
 */
public final class CursorProbe implements DoctorProbe {

    /** The next step shown when the CLI is not known to be logged in. */
    public static final String LOGIN_STEP = "if the Cursor CLI is not logged in yet: " + CursorDispatcher.LOGIN_HINT;
    static final String KEY_VARIABLE = "CURSOR_API_KEY";

    /** {@code 2025.11.25-d5b3271}, {@code 1.2.3}: the docs show no version string, so any dotted number. */
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+(\\.\\d+)?(-[0-9A-Za-z]+)?");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private final HarnessContext context;

    public CursorProbe(HarnessContext context) {
        this.context = context;
    }

    @Override
    public ProbeReport check(Optional<String> command, Duration timeout) {
        String cmd = CursorHarness.resolveCommand(command, context.processRunner());
        Optional<Path> path = context.processRunner().which(cmd);
        Duration limit = timeout.compareTo(COMMAND_TIMEOUT) < 0 ? timeout : COMMAND_TIMEOUT;
        if (path.isEmpty()) {
            String lookedFor = cmd.equals(CursorHarness.DEFAULT_COMMAND)
                    ? "'" + CursorHarness.DEFAULT_COMMAND + "' and '" + CursorHarness.OLD_COMMAND + "'" : "'" + cmd + "'";
            return report(false, path, Optional.empty(), keyOnly(),
                    "Cursor CLI not found on PATH (looked for " + lookedFor + ")", CursorDispatcher.INSTALL_COMMAND);
        }
        ProcessOutcome o = run(path.get(), limit, "--version");
        Optional<String> version = o.exitedCleanly() ? parseVersion(o.stdout() + "\n" + o.stderr()) : Optional.empty();
        if (version.isEmpty()) {
            return report(false, path, Optional.empty(), keyOnly(), cmd + " at " + path.get()
                    + " did not answer --version: " + why(o, limit), "reinstall it: " + CursorDispatcher.INSTALL_COMMAND);
        }
        return report(true, path, version, auth(cmd, path.get(), limit),
                cmd + " " + version.get() + " at " + path.get(), null);
    }

    /** The first dotted version in the text, e.g. {@code 2025.11.25-d5b3271}. */
    static Optional<String> parseVersion(String text) {
        Matcher m = VERSION.matcher(text);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    private ProcessOutcome run(Path binary, Duration limit, String... args) {
        List<String> argv = new ArrayList<>(List.of(binary.toString()));
        argv.addAll(List.of(args));
        return context.processRunner().run(ProcessSpec.builder(argv).timeout(limit).killGrace(Duration.ofMillis(500))
                .maxCaptureBytes(64 * 1024).build());
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
        return ProbeReport.builder(CursorHarness.ID).installed(installed).path(path.orElse(null))
                .version(version.orElse(null)).auth(auth.state)
                .detail(detail + "; auth: " + auth.detail + "; " + CursorHarness.UNVERIFIED_NOTE)
                .nextSteps(steps).build();
    }

    /** Without a working binary only the key variable can tell. */
    private Auth keyOnly() {
        return isSet(KEY_VARIABLE) ? new Auth(AuthState.AUTHENTICATED, "CURSOR_API_KEY is set")
                : new Auth(AuthState.UNKNOWN, "no CURSOR_API_KEY and cannot run `status`");
    }

    private Auth auth(String cmd, Path binary, Duration limit) {
        if (isSet(KEY_VARIABLE)) {
            return new Auth(AuthState.AUTHENTICATED, "CURSOR_API_KEY is set");
        }
        ProcessOutcome o = run(binary, limit, "status");
        String said = (o.stdout() + "\n" + o.stderr()).toLowerCase(Locale.ROOT);
        if (o.startError().isEmpty() && !o.timedOut()
                && (said.contains("not logged in") || said.contains("not authenticated"))) {
            return new Auth(AuthState.NOT_AUTHENTICATED, "`" + cmd + " status` says not logged in");
        }
        if (o.exitedCleanly() && (said.contains("logged in") || said.contains("authenticated"))) {
            return new Auth(AuthState.AUTHENTICATED, "`" + cmd + " status` says logged in");
        }
        return new Auth(AuthState.UNKNOWN, "`" + cmd + " status` did not tell (" + why(o, limit)
                + "); the live probe will tell");
    }

    private boolean isSet(String name) {
        String value = context.environment().get(name);
        return value != null && !value.isBlank();
    }

    /** Why a command gave no answer, without its output (which may show account details). */
    private static String why(ProcessOutcome o, Duration limit) {
        if (o.startError().isPresent()) {
            return o.startError().get();
        }
        if (o.timedOut()) {
            return "no answer within " + limit.toMillis() + " ms";
        }
        return "exit code " + o.exitCode();
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
