package io.harnessrouter.plugins.codex;

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
import io.harnessrouter.api.TokenUsage;
import io.harnessrouter.api.testkit.FakeClis;
import io.harnessrouter.api.testkit.TestHarnessContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodexDispatcherTest {

    /** The {@code thread_id} the fake codex prints in {@code thread.started}. */
    private static final String THREAD = "0199a0c4-5e6f-7a80-9b1c-2d3e4f506172";
    private static final TokenUsage USAGE = new TokenUsage(1200, 34);

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
    void answersWithTheLastAgentMessageAndSendsTheVerifiedArgv() throws IOException {
        Path argv = tmp.resolve("argv.log");
        Path project = Files.createDirectory(tmp.resolve("project"));
        DispatchResult r = dispatch(Map.of("FAKE_CODEX_ARGV_LOG", argv.toString()),
                request("fix the bug").withWorkingDir(project));

        assertTrue(r.success(), r.error());
        assertEquals("ok from codex (model gpt-5.5)", r.output());
        assertEquals(Optional.of(USAGE), r.tokenUsage());
        assertEquals(Optional.of(THREAD), r.sessionId());
        assertEquals(OptionalInt.of(0), r.exitCode());
        assertEquals(FailureKind.NONE, r.failureKind());
        assertEquals("exec\n--json\n--skip-git-repo-check\n-C\n" + project + "\n--sandbox\nworkspace-write\n-m\ngpt-5.5\n"
                + "--\nfix the bug\n---\n", Files.readString(argv));
    }

    @Test
    void leavesOutTheWorkingDirectoryFlagWithoutAWorkingDirectory() throws IOException {
        Path argv = tmp.resolve("argv.log");
        assertTrue(dispatch(Map.of("FAKE_CODEX_ARGV_LOG", argv.toString()), request("p")).success());

        assertEquals("exec\n--json\n--skip-git-repo-check\n--sandbox\nworkspace-write\n-m\ngpt-5.5\n--\np\n---\n",
                Files.readString(argv));
    }

    @Test
    void runsInTheWorkingDirectoryAndGivesCodexAnEmptyStdin() throws IOException {
        Path envLog = tmp.resolve("env.log");
        Path prompt = tmp.resolve("prompt.log");
        Path project = Files.createDirectory(tmp.resolve("project"));

        DispatchResult r = dispatch(Map.of("FAKE_CODEX_ENV_LOG", envLog.toString(), "FAKE_CODEX_PROMPT_LOG",
                prompt.toString()), request("p").withWorkingDir(project));

        assertTrue(r.success(), r.error());
        assertTrue(Files.readString(envLog).contains("PWD=" + project.toRealPath() + "\n"), Files.readString(envLog));
        assertEquals("p", Files.readString(prompt)); // no <stdin> block: stdin was /dev/null
    }

    @Test
    void passesAPromptThatLooksLikeAnOptionAfterTheDoubleDashWithTheFilesListed() throws IOException {
        Path argv = tmp.resolve("argv.log");
        DispatchRequest req = request("--full-auto is gone, fix it").withFiles(List.of(Path.of("/src/A.java")));

        DispatchResult r = dispatch(Map.of("FAKE_CODEX_ARGV_LOG", argv.toString()), req);

        assertTrue(r.success(), r.error());
        assertTrue(Files.readString(argv).endsWith("--\n--full-auto is gone, fix it\n\nFiles to work with:\n"
                + "  /src/A.java\n---\n"), Files.readString(argv));
    }

    @Test
    void sendsAPromptOverTheThresholdOnStdinWithADash() throws IOException {
        Path argv = tmp.resolve("argv.log");
        Path prompt = tmp.resolve("prompt.log");
        String text = "refactor ✓ " + "y".repeat(1_000_000 - 13);

        DispatchResult r = dispatch(Map.of("FAKE_CODEX_ARGV_LOG", argv.toString(),
                "FAKE_CODEX_PROMPT_LOG", prompt.toString()), request(text));

        assertTrue(r.success(), r.error());
        assertEquals("exec\n--json\n--skip-git-repo-check\n--sandbox\nworkspace-write\n-m\ngpt-5.5\n-\n---\n",
                Files.readString(argv));
        assertEquals(text, Files.readString(prompt));
    }

    @Test
    void keepsAPromptUpToTheThresholdInTheArgv() throws IOException {
        Path argv = tmp.resolve("argv.log");
        String text = "z".repeat(CodexDispatcher.STDIN_PROMPT_THRESHOLD_BYTES);

        DispatchResult r = dispatch(Map.of("FAKE_CODEX_ARGV_LOG", argv.toString()), request(text));

        assertTrue(r.success(), r.error());
        assertTrue(Files.readString(argv).endsWith("--\n" + text + "\n---\n"));
    }

    @Test
    void takesTheSandboxFromTheRouteSettings() throws IOException {
        Path argv = tmp.resolve("argv.log");
        ctx = CodexTestSupport.contextWithFake(tmp, Map.of("FAKE_CODEX_ARGV_LOG", argv.toString()));
        RouteSpec readOnly = route(Map.of(), Map.of("sandbox", "read-only"));

        DispatchResult r = new CodexDispatcher(readOnly, ctx).dispatch(DispatchRequest.of("p", readOnly), null);

        assertTrue(r.success(), r.error());
        assertTrue(Files.readString(argv).contains("--sandbox\nread-only\n"), Files.readString(argv));
    }

    @Test
    void isUnavailableWithAnUnknownSettingOrSandbox() {
        ctx = CodexTestSupport.contextWithFake(tmp, Map.of());

        Availability unknown = new CodexDispatcher(route(Map.of(), Map.of("effort", "high")), ctx).availability();
        Availability badSandbox = new CodexDispatcher(route(Map.of(), Map.of("sandbox", "yolo")), ctx).availability();

        assertEquals("route gpt-5.5::codex has settings this harness does not understand: [effort]"
                + " (codex takes only sandbox)", unknown.reason());
        assertEquals("route gpt-5.5::codex has settings.sandbox 'yolo'; codex accepts"
                + " [danger-full-access, read-only, workspace-write]", badSandbox.reason());
        assertTrue(new CodexDispatcher(route(Map.of(), Map.of("sandbox", "danger-full-access")), ctx)
                .availability().isAvailable());
    }

    @Test
    void streamsTextThinkingToolUseAndCommandOutput() {
        List<DispatchEvent> events = new CopyOnWriteArrayList<>();
        ctx = CodexTestSupport.contextWithFake(tmp, mode("tools"));

        DispatchResult r = new CodexDispatcher(route(), ctx).dispatch(request("p").withWorkingDir(tmp), events::add);

        assertTrue(r.success(), r.error());
        assertEquals("ok from codex (model gpt-5.5)", r.output());
        List<DispatchEvent> fromStdout = events.stream().filter(e -> !(e instanceof DispatchEvent.Stderr)).toList();
        String real = tmp.toString();
        assertEquals(List.of(
                new DispatchEvent.Thinking("**Checking the tests**"),
                new DispatchEvent.ToolUse("shell", "{\"command\":\"bash -lc ls\"}"),
                new DispatchEvent.ToolResult("shell", "README.md\nsrc\n", false),
                new DispatchEvent.ToolUse("shell", "{\"command\":\"bash -lc false\"}"),
                new DispatchEvent.ToolResult("shell", "", true),
                new DispatchEvent.ToolUse("apply_patch", "{\"changes\":[{\"path\":\"" + real
                        + "/src/A.java\",\"kind\":\"update\"}]}"),
                new DispatchEvent.ToolResult("apply_patch", "update " + real + "/src/A.java", false),
                new DispatchEvent.Text("first thought"),
                new DispatchEvent.Text("ok from codex (model gpt-5.5)")), fromStdout);
    }

    @Test
    void readsAnAnswerLongerThanOneReadOfTheStream() {
        DispatchResult r = dispatch(mode("long"), request("p"));

        assertTrue(r.success(), r.error());
        assertEquals("y".repeat(2 * 1024 * 1024), r.output());
        assertEquals(Optional.of(USAGE), r.tokenUsage());
    }

    @Test
    void keepsQuotesBackslashesAndNewlinesOfTheAnswer() {
        String answer = "line \"one\"\n\tC:\\path";
        assertEquals(answer, dispatch(Map.of("FAKE_CODEX_ANSWER", answer), request("p")).output());
    }

    @Test
    void aReconnectNoticeIsNoFailure() {
        List<DispatchEvent> events = new CopyOnWriteArrayList<>();
        ctx = CodexTestSupport.contextWithFake(tmp, mode("reconnect"));

        DispatchResult r = new CodexDispatcher(route(), ctx).dispatch(request("p"), events::add);

        assertTrue(r.success(), r.error());
        assertEquals("ok from codex (model gpt-5.5)", r.output());
        assertTrue(events.contains(new DispatchEvent.Stderr("Reconnecting... 2/5 (stream disconnected before"
                + " completion)")), events.toString());
    }

    @Test
    void anUnknownModelWarningIsNoFailure() {
        DispatchResult r = dispatch(mode("model_warning"), request("p"));

        assertTrue(r.success(), r.error());
        assertEquals(Optional.of(USAGE), r.tokenUsage());
    }

    @Test
    void reportsA429AsRateLimited() {
        DispatchResult r = dispatch(mode("rate_limit"), request("p"));

        assertEquals(FailureKind.RATE_LIMITED, r.failureKind());
        assertEquals("exceeded retry limit, last status: 429 Too Many Requests", r.error());
        assertEquals(Optional.of(THREAD), r.sessionId());
        assertEquals(OptionalInt.of(1), r.exitCode());
        assertEquals(Optional.empty(), r.resetAt());
    }

    @Test
    void reportsQuotaExceededAsQuotaExhausted() {
        DispatchResult r = dispatch(mode("quota"), request("p"));

        assertEquals(FailureKind.QUOTA_EXHAUSTED, r.failureKind());
        assertEquals("Quota exceeded. Check your plan and billing details.", r.error());
    }

    @Test
    void reportsTheUsageLimitAsQuotaExhaustedWithTheResetTimeItNames() {
        DispatchResult r = dispatch(Map.of("FAKE_CODEX_MODE", "usage_limit", "FAKE_CODEX_RESET", "3:05 PM"),
                request("p"));

        assertEquals(FailureKind.QUOTA_EXHAUSTED, r.failureKind());
        assertTrue(r.error().startsWith("You’ve hit your usage limit."), r.error());
        assertEquals(Optional.of(Instant.parse("2026-01-01T15:05:00Z")), r.resetAt());
    }

    @Test
    void reportsTheUsageLimitWithoutAResetWhenItSaysLater() {
        DispatchResult r = dispatch(mode("usage_limit"), request("p"));

        assertEquals(FailureKind.QUOTA_EXHAUSTED, r.failureKind());
        assertEquals(Optional.empty(), r.resetAt());
    }

    @Test
    void reportsA401AsAuthWithTheNextStep() {
        DispatchResult r = dispatch(mode("auth"), request("p"));

        assertEquals(FailureKind.AUTH, r.failureKind());
        assertTrue(r.error().startsWith("unexpected status 401 Unauthorized: Incorrect API key provided"), r.error());
        assertTrue(r.error().endsWith(" — " + CodexDispatcher.LOGIN_HINT), r.error());
        assertEquals(Optional.of(CodexDispatcher.LOGIN_HINT), r.nextStep());
    }

    @Test
    void reportsAnyOtherTurnFailureAsOther() {
        DispatchResult r = dispatch(mode("turn_failed"), request("p"));

        assertFalse(r.success());
        assertEquals(FailureKind.OTHER, r.failureKind());
        assertEquals("stream disconnected before completion: Transport error: error decoding response body", r.error());
    }

    @Test
    void classifiesTheStatusesCodexNames() {
        assertEquals(FailureKind.FORBIDDEN, CodexDispatcher.classify(
                "unexpected status 403 Forbidden: Your organization does not allow this model, url: http://x/v1"));
        assertEquals(FailureKind.MODEL_REJECTED, CodexDispatcher.classify(
                "unexpected status 404 Not Found: The model `gpt-9` does not exist, url: http://x/v1"));
        assertEquals(FailureKind.UNAVAILABLE, CodexDispatcher.classify(
                "exceeded retry limit, last status: 503 Service Unavailable"));
        assertEquals(FailureKind.RATE_LIMITED, CodexDispatcher.classify(
                "exceeded retry limit, last status: 429 Too Many Requests"));
    }

    @Test
    void reportsAnArgumentErrorWithClapsErrorLineNotItsUsage() {
        ctx = CodexTestSupport.contextWithFake(tmp, Map.of());
        RouteSpec bad = route(Map.of(), Map.of("sandbox", "yolo"));

        DispatchResult r = new CodexDispatcher(bad, ctx).dispatch(DispatchRequest.of("p", bad), null);

        assertEquals(FailureKind.OTHER, r.failureKind());
        assertEquals("error: invalid value 'yolo' for '--sandbox <SANDBOX_MODE>'", r.error());
        assertEquals(OptionalInt.of(2), r.exitCode());
    }

    @Test
    void reportsOutputWithoutAnAnswerAsAFailure() {
        DispatchResult r = dispatch(mode("garbage"), request("p"));

        assertEquals(FailureKind.OTHER, r.failureKind());
        assertEquals("codex exited 0 but printed no agent_message: this is not json", r.error());
    }

    @Test
    void forwardsTheRoutesOpenAiKeyAsCodexApiKey() throws IOException {
        Path envLog = tmp.resolve("env.log");
        ctx = CodexTestSupport.contextWithFake(tmp, Map.of("FAKE_CODEX_ENV_LOG", envLog.toString()));
        RouteSpec withKey = route(Map.of("OPENAI_API_KEY", "sk-route"), Map.of());

        new CodexDispatcher(withKey, ctx).dispatch(DispatchRequest.of("p", withKey), null);
        assertTrue(Files.readString(envLog).startsWith("CODEX_API_KEY=set\nOPENAI_API_KEY=set\n"));

        Files.delete(envLog);
        new CodexDispatcher(route(), ctx).dispatch(request("p"), null);
        assertTrue(Files.readString(envLog).startsWith("CODEX_API_KEY=<unset>\nOPENAI_API_KEY=<unset>\n"));

        Files.delete(envLog);
        RouteSpec codexKey = route(Map.of("CODEX_API_KEY", "sk-codex"), Map.of());
        new CodexDispatcher(codexKey, ctx).dispatch(DispatchRequest.of("p", codexKey), null);
        assertTrue(Files.readString(envLog).startsWith("CODEX_API_KEY=set\nOPENAI_API_KEY=<unset>\n"));
    }

    private DispatchResult dispatch(Map<String, String> env, DispatchRequest req) {
        if (ctx != null) {
            ctx.close();
        }
        ctx = CodexTestSupport.contextWithFake(tmp, env);
        return new CodexDispatcher(route(), ctx).dispatch(req, null);
    }

    private static Map<String, String> mode(String mode) {
        return Map.of("FAKE_CODEX_MODE", mode);
    }

    private static DispatchRequest request(String prompt) {
        return DispatchRequest.of(prompt, route()).withTimeout(Duration.ofSeconds(30));
    }

    private static RouteSpec route() {
        return route(Map.of(), Map.of());
    }

    private static RouteSpec route(Map<String, String> env, Map<String, String> settings) {
        return RouteSpec.builder("gpt-5.5::codex", "gpt-5.5", CodexHarness.ID, Tier.SUBSCRIPTION)
                .env(env).settings(settings).build();
    }
}
