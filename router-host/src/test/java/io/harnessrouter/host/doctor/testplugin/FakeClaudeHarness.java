package io.harnessrouter.host.doctor.testplugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.api.DispatchRequest;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.Dispatcher;
import io.harnessrouter.api.DoctorProbe;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.Harness;
import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.ProbeReport;
import io.harnessrouter.api.ProbeReport.AuthState;
import io.harnessrouter.api.QuotaHeaderParser;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.support.AbstractCliDispatcher;
import io.harnessrouter.api.support.ProcessOutcome;
import io.harnessrouter.api.support.ProcessSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A small stand-in for the Claude Code plugin (which router-host's tests cannot see: plugins are
 * built after the host), packed into a PF4J plugin JAR by
 * {@link io.harnessrouter.host.doctor.DoctorTestPlugin}. It drives the test kit's fake
 * {@code claude} the way the real plugin drives the real one:
 * {@code claude -p --output-format json --model <m> -- <prompt>}.
 *
 * <p>Its probe: not found on PATH → not installed with an install step; {@code --version} gives
 * the version; auth is {@code NOT_AUTHENTICATED} when {@code FAKE_CLAUDE_LOGGED_OUT} is set,
 * {@code AUTHENTICATED} with {@code ANTHROPIC_API_KEY}, else unknown.
 */
public final class FakeClaudeHarness implements Harness {

    public static final String ID = "claude_code";
    public static final String INSTALL = "npm install -g @anthropic-ai/claude-code";
    public static final String LOGIN_STEP = "log in: run `claude` and type /login";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return "Claude Code CLI (test double)";
    }

    @Override
    public Optional<String> defaultCommand() {
        return Optional.of("claude");
    }

    @Override
    public Dispatcher dispatcher(RouteSpec route, HarnessContext context) {
        return new ClaudeDispatcher(route, context);
    }

    @Override
    public DoctorProbe doctorProbe(HarnessContext context) {
        return (command, timeout) -> probe(context, command.orElse("claude"), timeout);
    }

    @Override
    public QuotaHeaderParser quotaHeaderParser() {
        return QuotaHeaderParser.NONE;
    }

    private static ProbeReport probe(HarnessContext context, String command, Duration timeout) {
        AuthState auth = context.environment().containsKey("FAKE_CLAUDE_LOGGED_OUT") ? AuthState.NOT_AUTHENTICATED
                : context.environment().containsKey("ANTHROPIC_API_KEY") ? AuthState.AUTHENTICATED : AuthState.UNKNOWN;
        List<String> steps = new ArrayList<>();
        Optional<Path> path = context.processRunner().which(command);
        if (path.isEmpty()) {
            steps.add("install it: " + INSTALL);
        }
        if (auth == AuthState.NOT_AUTHENTICATED) {
            steps.add(LOGIN_STEP);
        }
        if (path.isEmpty()) {
            return new ProbeReport(ID, false, path, Optional.empty(), auth,
                    "claude CLI not found on PATH (looked for '" + command + "')", steps);
        }
        ProcessOutcome o = context.processRunner().run(ProcessSpec.builder(List.of(path.get().toString(), "--version"))
                .timeout(timeout).build());
        Optional<String> version = Optional.of(o.stdout().strip().split(" ")[0]).filter(v -> o.exitedCleanly());
        return new ProbeReport(ID, version.isPresent(), path, version, auth,
                "claude " + version.orElse("?") + " at " + path.get(), steps);
    }

    private static final class ClaudeDispatcher extends AbstractCliDispatcher {
        private static final ObjectMapper JSON = new ObjectMapper();

        ClaudeDispatcher(RouteSpec route, HarnessContext context) {
            super(route, context, "claude", INSTALL);
        }

        @Override
        protected List<String> arguments(DispatchRequest request) {
            return List.of("-p", "--output-format", "json", "--model", request.model(), "--", request.prompt());
        }

        @Override
        protected DispatchResult interpret(ProcessOutcome outcome, DispatchRequest request) {
            JsonNode result;
            try {
                result = JSON.readTree(outcome.stdout());
            } catch (IOException e) {
                result = null;
            }
            if (result == null || !result.has("result")) {
                String why = outcome.stderr().isBlank() ? "exit code " + outcome.exitCode() + ": "
                        + excerpt(outcome.stdout(), 200) : outcome.stderr();
                return DispatchResult.failure(FailureKind.OTHER, why).build();
            }
            String text = result.get("result").asText();
            if (outcome.exitCode() != 0 || result.path("is_error").asBoolean()) {
                FailureKind kind = text.startsWith("Not logged in") ? FailureKind.AUTH : FailureKind.OTHER;
                return DispatchResult.failure(kind, text).build();
            }
            return DispatchResult.success(text).build();
        }
    }
}
