package io.harnessrouter.plugins.codex;

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
 * {@code harness-router doctor} for the Codex CLI: finds the binary, runs {@code codex --version}
 * ({@code codex-cli 0.169.0}) and tells whether codex is authenticated without calling the model:
 * {@code CODEX_API_KEY} set in the host's environment, else {@code codex login status} (exit 0 and
 * {@code Logged in using ChatGPT} / {@code Logged in using an API key - sk-...***} on stderr;
 * exit 1 and {@code Not logged in}). Each command gets at most 5 s. The masked key codex prints
 * after {@code " - "} is never copied into the report. {@code OPENAI_API_KEY} alone is named as
 * not enough: codex does not send it. The live probe (the host's, with the route's model) then
 * proves the route end to end.
 *
 * <p>Thread-safety: stateless apart from the context; safe for concurrent use.
 *
 * @since 0.1.0
 */
public final class CodexProbe implements DoctorProbe {

    /** The next step shown when codex is not known to be logged in. */
    public static final String LOGIN_STEP = "log codex in: " + CodexDispatcher.LOGIN_HINT;

    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+(\\.\\d+)?");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private final HarnessContext context;

    public CodexProbe(HarnessContext context) {
        this.context = context;
    }

    @Override
    public ProbeReport check(Optional<String> command, Duration timeout) {
        String cmd = command.filter(c -> !c.isBlank()).orElse(CodexHarness.DEFAULT_COMMAND);
        Optional<Path> path = context.processRunner().which(cmd);
        Duration limit = timeout.compareTo(COMMAND_TIMEOUT) < 0 ? timeout : COMMAND_TIMEOUT;
        if (path.isEmpty()) {
            return report(false, path, Optional.empty(), keyOnly(),
                    "codex CLI not found on PATH (looked for '" + cmd + "')", CodexDispatcher.INSTALL_COMMAND);
        }
        ProcessOutcome o = run(path.get(), limit, "--version");
        Optional<String> version = o.exitedCleanly() ? parseVersion(o.stdout() + "\n" + o.stderr()) : Optional.empty();
        if (version.isEmpty()) {
            return report(false, path, Optional.empty(), keyOnly(), "codex at " + path.get()
                    + " did not answer --version: " + why(o, limit), "reinstall it: " + CodexDispatcher.INSTALL_COMMAND);
        }
        return report(true, path, version, auth(path.get(), limit), "codex " + version.get() + " at " + path.get(), null);
    }

    /** The first {@code major.minor[.patch]} in the text, e.g. {@code 0.169.0} from {@code codex-cli 0.169.0}. */
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
        return ProbeReport.builder(CodexHarness.ID).installed(installed).path(path.orElse(null))
                .version(version.orElse(null)).auth(auth.state).detail(detail + "; auth: " + auth.detail)
                .nextSteps(steps).build();
    }

    /** Without a working binary only the key variable can tell. */
    private Auth keyOnly() {
        return isSet(CodexDispatcher.KEY_VARIABLE) ? new Auth(AuthState.AUTHENTICATED, "CODEX_API_KEY is set")
                : new Auth(AuthState.UNKNOWN, "cannot run `codex login status`" + openAiKeyNote());
    }

    private Auth auth(Path binary, Duration limit) {
        if (isSet(CodexDispatcher.KEY_VARIABLE)) {
            return new Auth(AuthState.AUTHENTICATED, "CODEX_API_KEY is set");
        }
        ProcessOutcome o = run(binary, limit, "login", "status");
        String said = firstLine(o.stderr().isBlank() ? o.stdout() : o.stderr());
        if (o.exitedCleanly() && said.startsWith("Logged in")) {
            int masked = said.indexOf(" - ");
            return new Auth(AuthState.AUTHENTICATED, (masked < 0 ? said : said.substring(0, masked)).strip()
                    + " (codex login status)");
        }
        if (!o.timedOut() && o.startError().isEmpty() && o.exitCode() == 1 && said.startsWith("Not logged in")) {
            return new Auth(AuthState.NOT_AUTHENTICATED, "codex login status: Not logged in" + openAiKeyNote());
        }
        return new Auth(AuthState.UNKNOWN, "`codex login status` did not tell: " + why(o, limit) + openAiKeyNote());
    }

    private String openAiKeyNote() {
        return isSet(CodexDispatcher.OPENAI_KEY_VARIABLE)
                ? " (OPENAI_API_KEY is set, but codex does not send it: set CODEX_API_KEY or run codex login)" : "";
    }

    private boolean isSet(String name) {
        String value = context.environment().get(name);
        return value != null && !value.isBlank();
    }

    private static String firstLine(String text) {
        String t = text.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl).strip();
    }

    private static String why(ProcessOutcome o, Duration limit) {
        if (o.startError().isPresent()) {
            return o.startError().get();
        }
        if (o.timedOut()) {
            return "no answer within " + limit.toMillis() + " ms";
        }
        String out = firstLine(o.stderr().isBlank() ? o.stdout() : o.stderr());
        int masked = out.indexOf(" - ");
        out = masked < 0 ? out : out.substring(0, masked);
        return "exit code " + o.exitCode() + (out.isEmpty() ? "" : ", output: "
                + (out.length() <= 120 ? out : out.substring(0, 120) + "…"));
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
