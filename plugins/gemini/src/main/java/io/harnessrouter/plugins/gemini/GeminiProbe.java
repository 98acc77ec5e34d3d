package io.harnessrouter.plugins.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.api.DoctorProbe;
import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.ProbeReport;
import io.harnessrouter.api.ProbeReport.AuthState;
import io.harnessrouter.api.support.ProcessOutcome;
import io.harnessrouter.api.support.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code harness-router doctor} for the Gemini CLI: finds the binary, runs {@code gemini --version}
 * ({@code 0.61.0}, at most 5 s) and tells what it can of authentication without calling the
 * model. Gemini has no auth status command, so: {@code GEMINI_API_KEY}, or Vertex AI
 * ({@code GOOGLE_GENAI_USE_VERTEXAI=true} with {@code GOOGLE_API_KEY} or
 * {@code GOOGLE_CLOUD_PROJECT} and {@code GOOGLE_CLOUD_LOCATION}) in the host's environment is
 * authenticated; a Google login ({@code GOOGLE_GENAI_USE_GCA=true}) or an auth type selected in
 * {@code ~/.gemini/settings.json} ({@code security.auth.selectedType}) is unknown until the live
 * probe (the host's, with the route's model) answers, as is nothing at all, since a route's
 * {@code env} may carry the key. Key values are never copied into the report.
 *
 * <p>Thread-safety: stateless apart from the context; safe for concurrent use.
 *
 * @since 0.1.0
 */
public final class GeminiProbe implements DoctorProbe {

    /** The next step shown when gemini is not known to have an auth method. */
    public static final String LOGIN_STEP = "if gemini has no auth method yet: " + GeminiDispatcher.LOGIN_HINT;

    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+(\\.\\d+)?");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HarnessContext context;

    public GeminiProbe(HarnessContext context) {
        this.context = context;
    }

    @Override
    public ProbeReport check(Optional<String> command, Duration timeout) {
        String cmd = command.filter(c -> !c.isBlank()).orElse(GeminiHarness.DEFAULT_COMMAND);
        Optional<Path> path = context.processRunner().which(cmd);
        Duration limit = timeout.compareTo(COMMAND_TIMEOUT) < 0 ? timeout : COMMAND_TIMEOUT;
        Auth auth = auth();
        if (path.isEmpty()) {
            return report(false, path, Optional.empty(), auth,
                    "gemini CLI not found on PATH (looked for '" + cmd + "')", GeminiDispatcher.INSTALL_COMMAND);
        }
        ProcessOutcome o = run(path.get(), limit);
        Optional<String> version = o.exitedCleanly() ? parseVersion(o.stdout()) : Optional.empty();
        if (version.isEmpty()) {
            return report(false, path, Optional.empty(), auth, "gemini at " + path.get()
                    + " did not answer --version: " + why(o, limit), "reinstall it: " + GeminiDispatcher.INSTALL_COMMAND);
        }
        return report(true, path, version, auth, "gemini " + version.get() + " at " + path.get(), null);
    }

    /** The first {@code major.minor[.patch]} in the text, e.g. {@code 0.61.0}. */
    static Optional<String> parseVersion(String text) {
        Matcher m = VERSION.matcher(text);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    private ProcessOutcome run(Path binary, Duration limit) {
        return context.processRunner().run(ProcessSpec.builder(List.of(binary.toString(), "--version")).timeout(limit)
                .killGrace(Duration.ofMillis(500)).maxCaptureBytes(64 * 1024).build());
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
        return ProbeReport.builder(GeminiHarness.ID).installed(installed).path(path.orElse(null))
                .version(version.orElse(null)).auth(auth.state).detail(detail + "; auth: " + auth.detail)
                .nextSteps(steps).build();
    }

    private Auth auth() {
        if (isSet("GEMINI_API_KEY")) {
            return new Auth(AuthState.AUTHENTICATED, "GEMINI_API_KEY is set");
        }
        if ("true".equalsIgnoreCase(value("GOOGLE_GENAI_USE_VERTEXAI"))
                && (isSet("GOOGLE_API_KEY") || isSet("GOOGLE_CLOUD_PROJECT") && isSet("GOOGLE_CLOUD_LOCATION"))) {
            return new Auth(AuthState.AUTHENTICATED, "Vertex AI (GOOGLE_GENAI_USE_VERTEXAI=true"
                    + (isSet("GOOGLE_API_KEY") ? " with GOOGLE_API_KEY)" : " with GOOGLE_CLOUD_PROJECT and GOOGLE_CLOUD_LOCATION)"));
        }
        if ("true".equalsIgnoreCase(value("GOOGLE_GENAI_USE_GCA"))) {
            return new Auth(AuthState.UNKNOWN, "GOOGLE_GENAI_USE_GCA=true (Login with Google); the live probe will tell");
        }
        Path settings = home().resolve(".gemini").resolve("settings.json");
        Optional<String> selected = selectedType(settings);
        if (selected.isPresent()) {
            return new Auth(AuthState.UNKNOWN, settings + " selects auth type " + selected.get()
                    + "; the live probe will tell");
        }
        return new Auth(AuthState.UNKNOWN, "no GEMINI_API_KEY, no GOOGLE_GENAI_USE_VERTEXAI or GOOGLE_GENAI_USE_GCA"
                + " and no security.auth.selectedType in " + settings + "; the live probe will tell");
    }

    private Path home() {
        String home = value("HOME");
        return Path.of(home == null || home.isBlank() ? System.getProperty("user.home") : home);
    }

    /** {@code security.auth.selectedType} of the settings file; empty when absent or unreadable. */
    private static Optional<String> selectedType(Path settings) {
        if (!Files.isRegularFile(settings)) {
            return Optional.empty();
        }
        try {
            JsonNode type = JSON.readTree(settings.toFile()).path("security").path("auth").path("selectedType");
            return type.isTextual() && !type.textValue().isBlank() ? Optional.of(type.textValue()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private String value(String name) {
        return context.environment().get(name);
    }

    private boolean isSet(String name) {
        String value = value(name);
        return value != null && !value.isBlank();
    }

    private static String why(ProcessOutcome o, Duration limit) {
        if (o.startError().isPresent()) {
            return o.startError().get();
        }
        if (o.timedOut()) {
            return "no answer within " + limit.toMillis() + " ms";
        }
        String out = GeminiDispatcher.stderrLog(o.stderr().isBlank() ? o.stdout() : o.stderr());
        int nl = out.indexOf('\n');
        out = nl < 0 ? out : out.substring(0, nl);
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
