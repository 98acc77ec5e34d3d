package io.harnessrouter.plugins.copilot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.Availability;
import io.harnessrouter.api.DispatchEvent;
import io.harnessrouter.api.DispatchRequest;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.Tier;
import io.harnessrouter.api.testkit.FakeClis;
import io.harnessrouter.api.testkit.TestHarnessContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopilotDispatcherTest {

    /** The {@code sessionId} the fake copilot prints in its {@code result} line. */
    private static final String SESSION = "5f0e4a1c-9b2d-4c3e-8f70-a1b2c3d4e5f6";
    private static final String OPTIONS = "--output-format\njson\n--model\ngpt-5.4\n";
    private static final String FLAGS = "--allow-all-tools\n--no-auto-update\n--no-ask-user\n";

    @TempDir
    Path tmp;

    private TestHarnessContext ctx;

    @AfterEach
    void close() {
        if (ctx != null) {
            ctx.close();
        }
    }

    @Test
    void answersWithTheLastAssistantMessageAndSendsTheVerifiedArgv() throws IOException {
        Path argv = tmp.resolve("argv.log");
        Path project = Files.createDirectory(tmp.resolve("project"));
        DispatchResult r = dispatch(Map.of("FAKE_COPILOT_ARGV_LOG", argv.toString()),
                request("fix the bug").withWorkingDir(project));

        assertTrue(r.success(), r.error());
        assertEquals("ok from copilot (model gpt-5.4)", r.output());
        assertEquals(Optional.of(SESSION), r.sessionId());
        assertEquals(OptionalInt.of(0), r.exitCode());
        assertEquals(FailureKind.NONE, r.failureKind());
        assertEquals(Optional.empty(), r.tokenUsage());
        assertEquals("--prompt=fix the bug\n" + OPTIONS + "-C\n" + project + "\n" + FLAGS + "---\n",
                Files.readString(argv));
    }

    @Test
    void leavesOutTheDirectoryFlagWithoutAWorkingDirectoryAndAttachesTheFiles() throws IOException {
        Path argv = tmp.resolve("argv.log");
        DispatchRequest req = request("p").withFiles(List.of(Path.of("/src/A.java"), Path.of("/src/B.java")));

        assertTrue(dispatch(Map.of("FAKE_COPILOT_ARGV_LOG", argv.toString()), req).success());

        assertEquals("--prompt=p\n" + OPTIONS + FLAGS + "--attachment\n/src/A.java\n--attachment\n/src/B.java\n---\n",
                Files.readString(argv));
    }

    @Test
    void passesAPromptThatLooksLikeAnOptionAttachedToPrompt() throws IOException {
        Path prompt = tmp.resolve("prompt.log");

        DispatchResult r = dispatch(Map.of("FAKE_COPILOT_PROMPT_LOG", prompt.toString()),
                request("-x is a flag, fix the parser"));

        assertTrue(r.success(), r.error());
        assertEquals("-x is a flag, fix the parser", Files.readString(prompt));
    }

    @Test
    void runsInTheWorkingDirectoryWithAnEmptyStdin() throws IOException {
        Path envLog = tmp.resolve("env.log");
        Path prompt = tmp.resolve("prompt.log");
        Path project = Files.createDirectory(tmp.resolve("project"));

        DispatchResult r = dispatch(Map.of("FAKE_COPILOT_ENV_LOG", envLog.toString(),
                "FAKE_COPILOT_PROMPT_LOG", prompt.toString()), request("p").withWorkingDir(project));

        assertTrue(r.success(), r.error());
        assertTrue(Files.readString(envLog).contains("PWD=" + project.toRealPath() + "\n"), Files.readString(envLog));
        assertEquals("p", Files.readString(prompt));
    }

    @Test
    void sendsAPromptOverTheThresholdOnStdinWithoutPrompt() throws IOException {
        Path argv = tmp.resolve("argv.log");
        Path prompt = tmp.resolve("prompt.log");
        String text = "refactor ✓ " + "y".repeat(1_000_000 - 13);

        DispatchResult r = dispatch(Map.of("FAKE_COPILOT_ARGV_LOG", argv.toString(),
                "FAKE_COPILOT_PROMPT_LOG", prompt.toString()), request(text));

        assertTrue(r.success(), r.error());
        assertEquals(OPTIONS + FLAGS + "---\n", Files.readString(argv));
        assertEquals(text, Files.readString(prompt));
    }

    @Test
    void keepsAPromptUpToTheThresholdInTheArgv() throws IOException {
        Path argv = tmp.resolve("argv.log");
        String text = "z".repeat(CopilotDispatcher.STDIN_PROMPT_THRESHOLD_BYTES);

        assertTrue(dispatch(Map.of("FAKE_COPILOT_ARGV_LOG", argv.toString()), request(text)).success());

        assertTrue(Files.readString(argv).startsWith("--prompt=" + text + "\n--output-format\n"));
    }

    @Test
    void isUnavailableWithAnySetting() {
        ctx = CopilotTestSupport.contextWithFake(tmp, Map.of());

        Availability a = new CopilotDispatcher(route(Map.of(), Map.of("yolo", "true")), ctx).availability();

        assertEquals("route gpt-5.4::copilot has settings this harness does not understand: [yolo]"
                + " (copilot takes none)", a.reason());
        assertTrue(new CopilotDispatcher(route(), ctx).availability().isAvailable());
    }

    @Test
    void streamsTextThinkingToolUseAndToolResults() {
        List<DispatchEvent> events = new CopyOnWriteArrayList<>();
        ctx = CopilotTestSupport.contextWithFake(tmp, Map.of("FAKE_COPILOT_MODE", "tools"));

        DispatchResult r = new CopilotDispatcher(route(), ctx).dispatch(request("p"), events::add);

        assertTrue(r.success(), r.error());
        assertEquals("ok from copilot (model gpt-5.4)", r.output());
        assertEquals(List.of(
                new DispatchEvent.Thinking("Looking at the tests first"),
                new DispatchEvent.ToolUse("bash", "{\"command\":\"ls\"}"),
                new DispatchEvent.ToolResult("bash", "README.md\nsrc\n", false),
                new DispatchEvent.ToolUse("edit", "{\"path\":\"src/A.java\"}"),
                new DispatchEvent.ToolResult("edit", "file not found: src/A.java", true),
                new DispatchEvent.Text("ok from copilot (model gpt-5.4)")),
                events.stream().filter(e -> !(e instanceof DispatchEvent.Stderr)).toList());
    }

    @Test
    void logsThePremiumRequestsOfTheSession() {
        ctx = CopilotTestSupport.contextWithFake(tmp, Map.of("FAKE_COPILOT_MODE", "tools"));

        assertTrue(new CopilotDispatcher(route(), ctx).dispatch(request("p"), null).success());

        assertTrue(ctx.logText().contains("INFO " + CopilotDispatcher.class.getName() + ": route gpt-5.4::copilot:"
                + " copilot session " + SESSION + " used 2 premium requests"), ctx.logText());
    }

    @Test
    void keepsQuotesBackslashesAndNewlinesOfTheAnswer() {
        String answer = "line \"one\"\n\tC:\\path";
        assertEquals(answer, dispatch(Map.of("FAKE_COPILOT_ANSWER", answer), request("p")).output());
    }

    @Test
    void reportsARateLimitWithTheWaitTheProviderNamed() {
        DispatchResult r = dispatch(mode("rate_limit"), request("p"));

        assertEquals(FailureKind.RATE_LIMITED, r.failureKind());
        assertEquals("Failed to get response from the AI model; retried 5 times (total retry wait time: 5.42 seconds)"
                + " Last error: 429 Rate limit reached for requests. Please try again in 20s.", r.error());
        assertEquals(Optional.of(Duration.ofSeconds(20)), r.retryAfter());
        assertEquals(Optional.of(SESSION), r.sessionId());
        assertEquals(OptionalInt.of(1), r.exitCode());
    }

    @Test
    void reportsAnInsufficientQuota429AsQuotaExhausted() {
        DispatchResult r = dispatch(mode("quota"), request("p"));

        assertEquals(FailureKind.QUOTA_EXHAUSTED, r.failureKind());
        assertTrue(r.error().endsWith("Last error: 429 You exceeded your current quota, please check your plan and"
                + " billing details."), r.error());
    }

    @Test
    void reportsAProvider401AsAuthWithTheProviderKeyStep() {
        DispatchResult r = dispatch(Map.of("FAKE_COPILOT_MODE", "auth", "COPILOT_PROVIDER_BASE_URL",
                "http://127.0.0.1:9/v1"), request("p"));

        assertEquals(FailureKind.AUTH, r.failureKind());
        assertEquals("Authentication failed with provider at http://127.0.0.1:9/v1 (HTTP 401). Check your"
                + " COPILOT_PROVIDER_API_KEY or provider configuration. — " + CopilotFailures.PROVIDER_KEY_STEP, r.error());
        assertEquals(Optional.of(CopilotFailures.PROVIDER_KEY_STEP), r.nextStep());
    }

    @Test
    void reportsNoCredentialsAsAuthWithTheLoginStep() {
        ctx = CopilotTestSupport.contextWithoutToken(tmp, Map.of());

        DispatchResult r = new CopilotDispatcher(route(), ctx).dispatch(request("p"), null);

        assertEquals(FailureKind.AUTH, r.failureKind());
        assertTrue(r.error().startsWith("Error: No authentication information found."), r.error());
        assertEquals(Optional.of(CopilotFailures.LOGIN_STEP), r.nextStep());
    }

    @Test
    void reportsAClassicTokenAsAuthWithTheFineGrainedTokenStep() {
        ctx = CopilotTestSupport.contextWithoutToken(tmp, Map.of());
        RouteSpec classic = route(Map.of("GH_TOKEN", "ghp_classic0123"), Map.of());

        DispatchResult r = new CopilotDispatcher(classic, ctx).dispatch(DispatchRequest.of("p", classic), null);

        assertEquals(FailureKind.AUTH, r.failureKind());
        assertEquals("Error: Classic Personal Access Tokens (ghp_) are not supported by Copilot. — "
                + CopilotFailures.PAT_STEP, r.error());
        assertEquals(Optional.of("use a fine-grained token or `copilot /login`: Copilot refuses classic ghp_ tokens"),
                r.nextStep());
        assertFalse(r.toString().contains("ghp_classic0123"));
    }

    @Test
    void reportsAPolicyDenialAsForbiddenWithThePolicyText() {
        DispatchResult r = dispatch(mode("forbidden"), request("p"));

        assertEquals(FailureKind.FORBIDDEN, r.failureKind());
        assertTrue(r.error().startsWith("Access denied by policy settings: the model gpt-5.4 is not enabled for your"
                + " organization."), r.error());
        assertEquals(Optional.of(CopilotFailures.FORBIDDEN_STEP), r.nextStep());
    }

    @Test
    void reportsAnUnknownModelAsModelRejected() {
        DispatchResult r = dispatch(mode("model"), request("p"));

        assertEquals(FailureKind.MODEL_REJECTED, r.failureKind());
        assertTrue(r.error().startsWith("Error: Model \"gpt-5.4\" from --model flag is not available."), r.error());
    }

    @Test
    void explainsTheMisleadingInvalidCommandFormatError() {
        DispatchResult r = dispatch(Map.of("FAKE_COPILOT_UNKNOWN_FLAG", "--no-ask-user"), request("p"));

        assertEquals(FailureKind.OTHER, r.failureKind());
        assertTrue(r.error().startsWith("error: Invalid command format."), r.error());
        assertTrue(r.error().endsWith(" — " + CopilotFailures.COMMAND_FORMAT_STEP), r.error());
    }

    @Test
    void reportsOutputWithoutAnAnswerAsAFailure() {
        DispatchResult r = dispatch(mode("garbage"), request("p"));

        assertEquals(FailureKind.OTHER, r.failureKind());
        assertEquals("copilot exited 0 but printed no assistant.message: this is not json", r.error());
    }

    @Test
    void passesTheRoutesTokenAndProviderVariablesToTheChild() throws IOException {
        Path envLog = tmp.resolve("env.log");
        ctx = CopilotTestSupport.contextWithoutToken(tmp, Map.of("FAKE_COPILOT_ENV_LOG", envLog.toString()));
        RouteSpec byok = route(Map.of("GITHUB_TOKEN", "gho_route", "COPILOT_PROVIDER_BASE_URL", "http://127.0.0.1:9/v1",
                "COPILOT_PROVIDER_API_KEY", "sk-x", "COPILOT_PROVIDER_TYPE", "openai"), Map.of());

        assertTrue(new CopilotDispatcher(byok, ctx).dispatch(DispatchRequest.of("p", byok), null).success());

        assertTrue(Files.readString(envLog).startsWith("token=GITHUB_TOKEN:gho_route\nCOPILOT_PROVIDER_BASE_URL=set\n"
                + "COPILOT_PROVIDER_API_KEY=set\nCOPILOT_PROVIDER_TYPE=set\nCOPILOT_HOME=<unset>\n"), Files.readString(envLog));
    }

    @Test
    void theRoutesTokenWinsOverAHigherRankedTokenOfTheHost() throws IOException {
        Path envLog = tmp.resolve("env.log");
        ctx = CopilotTestSupport.contextWithFake(tmp, Map.of("FAKE_COPILOT_ENV_LOG", envLog.toString(),
                "GH_TOKEN", "gho_host_gh"));
        RouteSpec own = route(Map.of("GITHUB_TOKEN", "gho_route"), Map.of());

        new CopilotDispatcher(own, ctx).dispatch(DispatchRequest.of("p", own), null);
        assertTrue(Files.readString(envLog).startsWith("token=COPILOT_GITHUB_TOKEN:gho_route\n"), Files.readString(envLog));

        Files.delete(envLog);
        new CopilotDispatcher(route(), ctx).dispatch(request("p"), null);
        assertTrue(Files.readString(envLog).startsWith("token=COPILOT_GITHUB_TOKEN:" + CopilotTestSupport.TOKEN + "\n"),
                Files.readString(envLog));
    }

    private DispatchResult dispatch(Map<String, String> env, DispatchRequest req) {
        if (ctx != null) {
            ctx.close();
        }
        ctx = CopilotTestSupport.contextWithFake(tmp, env);
        return new CopilotDispatcher(route(), ctx).dispatch(req, null);
    }

    private static Map<String, String> mode(String mode) {
        return Map.of("FAKE_COPILOT_MODE", mode);
    }

    private static DispatchRequest request(String prompt) {
        return DispatchRequest.of(prompt, route()).withTimeout(Duration.ofSeconds(30));
    }

    private static RouteSpec route() {
        return route(Map.of(), Map.of());
    }

    private static RouteSpec route(Map<String, String> env, Map<String, String> settings) {
        return RouteSpec.builder("gpt-5.4::copilot", "gpt-5.4", CopilotHarness.ID, Tier.SUBSCRIPTION)
                .env(env).settings(settings).build();
    }
}
