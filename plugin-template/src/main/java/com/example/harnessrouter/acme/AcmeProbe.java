package com.example.harnessrouter.acme;

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
 * {@code harness-router doctor} for the Acme Code CLI, without spending quota: finds the binary,
 * runs {@code acme --version}, then {@code acme auth status} (exit 0: logged in; "not logged in":
 * logged out; anything else: cannot tell, the host's live probe decides). Each command gets at
 * most 5 s and half the given timeout.
 *
 * <p>Thread-safety: stateless apart from the context; safe for concurrent use.
 */
public final class AcmeProbe implements DoctorProbe {

    /** The next step when the CLI is not logged in. */
    public static final String LOGIN_STEP = "log in: " + AcmeDispatcher.LOGIN_COMMAND;

    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+(\\.\\d+)?");
    private static final Duration MAX_STEP = Duration.ofSeconds(5);

    private final HarnessContext context;

    public AcmeProbe(HarnessContext context) {
        this.context = context;
    }

    @Override
    public ProbeReport check(Optional<String> command, Duration timeout) {
        String cmd = command.filter(c -> !c.isBlank()).orElse(AcmeHarness.DEFAULT_COMMAND);
        Optional<Path> path = context.processRunner().which(cmd);
        if (path.isEmpty()) {
            return ProbeReport.builder(AcmeHarness.ID)
                    .detail("acme CLI not found on PATH (looked for '" + cmd + "')")
                    .nextStep("install it: " + AcmeDispatcher.INSTALL_COMMAND).build();
        }
        Duration step = timeout.dividedBy(2).compareTo(MAX_STEP) < 0 ? timeout.dividedBy(2) : MAX_STEP;
        ProcessOutcome v = run(path.get(), step, "--version");
        Optional<String> version = v.exitedCleanly() ? parseVersion(v.stdout()) : Optional.empty();
        if (version.isEmpty()) {
            return ProbeReport.builder(AcmeHarness.ID).path(path.get())
                    .detail("acme at " + path.get() + " did not answer --version: " + why(v, step))
                    .nextStep("reinstall it: " + AcmeDispatcher.INSTALL_COMMAND).build();
        }
        ProcessOutcome a = run(path.get(), step, "auth", "status");
        AuthState auth = authState(a);
        String authDetail = switch (auth) {
            case AUTHENTICATED -> firstLine(a.stdout());
            case NOT_AUTHENTICATED -> "not logged in";
            case UNKNOWN -> "could not tell (" + why(a, step) + ")";
        };
        return ProbeReport.builder(AcmeHarness.ID).installed(true).path(path.get()).version(version.get()).auth(auth)
                .detail("acme " + version.get() + " at " + path.get() + "; auth: " + authDetail)
                .nextSteps(auth == AuthState.AUTHENTICATED ? List.of() : List.of(LOGIN_STEP)).build();
    }

    /** The first {@code major.minor[.patch]} in the text: {@code 1.4.2} from {@code acme 1.4.2}. */
    static Optional<String> parseVersion(String text) {
        Matcher m = VERSION.matcher(text);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    private static AuthState authState(ProcessOutcome o) {
        if (o.exitedCleanly()) {
            return AuthState.AUTHENTICATED;
        }
        String said = (o.stdout() + "\n" + o.stderr()).toLowerCase(Locale.ROOT);
        return !o.timedOut() && said.contains("not logged in") ? AuthState.NOT_AUTHENTICATED : AuthState.UNKNOWN;
    }

    private ProcessOutcome run(Path binary, Duration limit, String... args) {
        List<String> argv = new ArrayList<>(List.of(binary.toString()));
        argv.addAll(List.of(args));
        return context.processRunner().run(ProcessSpec.builder(argv).timeout(limit)
                .killGrace(Duration.ofMillis(500)).maxCaptureBytes(64 * 1024).build());
    }

    private static String why(ProcessOutcome o, Duration limit) {
        if (o.startError().isPresent()) {
            return o.startError().get();
        }
        if (o.timedOut()) {
            return "no answer within " + limit.toMillis() + " ms";
        }
        String out = firstLine(o.stderr().isBlank() ? o.stdout() : o.stderr());
        return "exit code " + o.exitCode() + (out.isEmpty() ? "" : ", " + out);
    }

    private static String firstLine(String text) {
        String t = text.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl).strip();
    }
}
