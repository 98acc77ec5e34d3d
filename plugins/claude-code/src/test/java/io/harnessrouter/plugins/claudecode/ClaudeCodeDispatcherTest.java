package io.harnessrouter.plugins.claudecode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.Availability;
import io.harnessrouter.api.DispatchEvent;
import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.DispatchRequest;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.Tier;
import io.harnessrouter.api.TokenUsage;
import io.harnessrouter.api.support.ProcessOutcome;
import io.harnessrouter.api.support.StreamParser;
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
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaudeCodeDispatcherTest {

    private static final String LOGIN = " — run `claude` and log in with /login, or set ANTHROPIC_API_KEY";

    @TempDir
    Path tmp;

    private TestHarnessContext ctx;

    @AfterEach
    void close() {
        if (ctx != null) {
            ctx.close();
        }
    }

    /** The {@code session_id} the fake claude prints, as the real one does, in every result object. */
    private static final String FAKE_SESSION = "4b1d0c1e-fa4e-4c1a-9d2b-000000000001";

    @Test
    void answersWithTheResultTextAndUsageAndSendsTheVerifiedArgv() throws IOException {
        Path argv = tmp.resolve("argv.log");
        DispatchResult r = dispatch(Map.of("FAKE_CLAUDE_ARGV_LOG", argv.toString()), request("fix the bug"));

        assertTrue(r.success(), r.error());
        assertEquals("ok from claude (model sonnet)", r.output());
        assertEquals(Optional.of(new TokenUsage(12, 3)), r.tokenUsage());
        assertEquals(OptionalDouble.of(0.0123), r.costUsd());
        assertEquals(Optional.of(FAKE_SESSION), r.sessionId());
        assertEquals(OptionalInt.of(0), r.exitCode());
        assertEquals(FailureKind.NONE, r.failureKind());
        assertEquals("-p\n--output-format\nstream-json\n--verbose\n--model\nsonnet\n--allowedTools\nBash,Read,Edit,Write\n--permission-mode\nacceptEdits\n--\nfix the bug\n---\n",
                Files.readString(argv));
    }

    @Test
    void passesAPromptThatLooksLikeAnOptionAfterTheDoubleDash() throws IOException {
        Path argv = tmp.resolve("argv.log");
        DispatchResult r = dispatch(Map.of("FAKE_CLAUDE_ARGV_LOG", argv.toString()), request("--version is wrong, fix it"));

        assertTrue(r.success(), r.error());
        assertTrue(Files.readString(argv).endsWith("--\n--version is wrong, fix it\n---\n"));
    }

    @Test
    void listsTheRequestFilesInThePrompt() throws IOException {
        Path argv = tmp.resolve("argv.log");
        DispatchRequest req = request("refactor").withFiles(List.of(Path.of("/src/A.java"), Path.of("/src/b.py")));

        assertTrue(dispatch(Map.of("FAKE_CLAUDE_ARGV_LOG", argv.toString()), req).success());
        assertTrue(Files.readString(argv).endsWith("--\nrefactor\n\nFiles to work with:\n  /src/A.java\n  /src/b.py\n---\n"));
    }

    @Test
    void sendsAPromptOfTheSchemasMaximumOnStdinWithoutAPromptArgument() throws IOException {
        Path argv = tmp.resolve("argv.log");
        Path prompt = tmp.resolve("prompt.log");
        String text = "refactor ✓ " + "y".repeat(1_000_000 - 13);
        DispatchRequest req = request(text).withFiles(List.of(Path.of("/src/A.java")));

        DispatchResult r = dispatch(Map.of("FAKE_CLAUDE_ARGV_LOG", argv.toString(),
                "FAKE_CLAUDE_PROMPT_LOG", prompt.toString()), req);

        assertTrue(r.success(), r.error());
        assertEquals("ok from claude (model sonnet)", r.output());
        assertEquals("-p\n--output-format\nstream-json\n--verbose\n--model\nsonnet\n--allowedTools\nBash,Read,Edit,Write\n--permission-mode\nacceptEdits\n---\n",
                Files.readString(argv));
        assertEquals(text + "\n\nFiles to work with:\n  /src/A.java", Files.readString(prompt));
    }

    @Test
    void keepsAPromptUpToTheThresholdInTheArgv() throws IOException {
        Path prompt = tmp.resolve("prompt.log");
        Path argv = tmp.resolve("argv.log");
        String text = "z".repeat(ClaudeCodeDispatcher.STDIN_PROMPT_THRESHOLD_BYTES);

        DispatchResult r = dispatch(Map.of("FAKE_CLAUDE_ARGV_LOG", argv.toString(),
                "FAKE_CLAUDE_PROMPT_LOG", prompt.toString()), request(text));

        assertTrue(r.success(), r.error());
        assertTrue(Files.readString(argv).endsWith("--\n" + text + "\n---\n"));
        assertEquals(text, Files.readString(prompt));
    }

    @Test
    void answersAfter200MegabytesOfOutputAndSaysHowMuchWasDropped() {
        long bytes = 200L * 1024 * 1024;
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long before = rt.totalMemory() - rt.freeMemory();

        DispatchResult r = dispatch(Map.of("FAKE_CLAUDE_MODE", "noisy", "FAKE_CLAUDE_HUGE_BYTES", Long.toString(bytes)),
                request("p").withTimeout(Duration.ofMinutes(2)));
        System.gc();
        long growth = rt.totalMemory() - rt.freeMemory() - before;
        System.out.println("200 MB of output: heap grew " + growth + " bytes, took " + r.duration().toMillis() + " ms");

        assertTrue(r.success(), r.error());
        String prefix = "ok from claude (model sonnet)\n\n[claude's output was truncated: it wrote ";
        assertTrue(r.output().startsWith(prefix), r.output());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "\\[claude's output was truncated: it wrote (\\d+) bytes, of which 10485760 \\(the start and the end\\)"
                + " were kept and (\\d+) dropped]").matcher(r.output().substring(prefix.length() - 41));
        assertTrue(m.matches(), r.output());
        long total = Long.parseLong(m.group(1));
        assertTrue(total > bytes && total < bytes + 2_000, "total " + total);
        assertEquals(total - 10_485_760, Long.parseLong(m.group(2)));
        assertTrue(growth < 64L * 1024 * 1024, "retained " + growth + " bytes");
    }

    @Test
    void readsTheResultObjectAsItStreamsByEvenWhenALineFollowsIt() {
        DispatchResult r = dispatch(Map.of("FAKE_CLAUDE_TRAILER", "Update available: 2.1.331"), request("p"));

        assertTrue(r.success(), r.error());
        assertEquals("ok from claude (model sonnet)", r.output());
        assertEquals(Optional.of(FAKE_SESSION), r.sessionId());
    }

    @Test
    void keepsQuotesBackslashesAndNewlinesOfTheAnswer() {
        String answer = "line \"one\"\n\tC:\\path";
        DispatchResult r = dispatch(Map.of("FAKE_CLAUDE_ANSWER", answer), request("p"));

        assertEquals(answer, r.output());
    }

    @Test
    void capsTheCliRetriesUnlessTheHostOrRouteSetsThem() throws IOException {
        Path envLog = tmp.resolve("env.log");
        Map<String, String> fake = Map.of("FAKE_CLAUDE_ENV_LOG", envLog.toString());

        dispatch(fake, request("p"));
        assertEquals("CLAUDE_CODE_MAX_RETRIES=0", firstLine(envLog));

        Files.delete(envLog);
        RouteSpec withRetries = route(Map.of("CLAUDE_CODE_MAX_RETRIES", "3"), Map.of());
        ctx.close();
        ctx = ClaudeCodeTestSupport.contextWithFake(tmp, fake);
        new ClaudeCodeDispatcher(withRetries, ctx).dispatch(DispatchRequest.of("p", withRetries), null);
        assertEquals("CLAUDE_CODE_MAX_RETRIES=3", firstLine(envLog));

        Files.delete(envLog);
        Map<String, String> hostSetsIt = new HashMap<>(fake);
        hostSetsIt.put("CLAUDE_CODE_MAX_RETRIES", "5");
        dispatch(hostSetsIt, request("p"));
        assertEquals("CLAUDE_CODE_MAX_RETRIES=5", firstLine(envLog));
    }

    @Test
    void runsInTheRequestWorkingDirectory() throws IOException {
        Path envLog = tmp.resolve("env.log");
        Path project = Files.createDirectory(tmp.resolve("project"));

        dispatch(Map.of("FAKE_CLAUDE_ENV_LOG", envLog.toString()), request("p").withWorkingDir(project));

        assertTrue(Files.readString(envLog).contains("PWD=" + project.toRealPath() + "\n"), Files.readString(envLog));
    }

    @Test
    void reportsARateLimitWithTheRetryAfterItNamed() {
        DispatchResult r = dispatch(mode("rate_limit"), request("p"));

        assertEquals(FailureKind.RATE_LIMITED, r.failureKind());
        assertEquals("API Error: Request rejected (429) · Rate limit reached for requests. retry-after: 7", r.error());
        assertEquals(Optional.of(Duration.ofSeconds(7)), r.retryAfter());
        assertEquals(Optional.of(FAKE_SESSION), r.sessionId());
        assertEquals(OptionalInt.of(1), r.exitCode());
        assertTrue(r.rateLimited());
        assertEquals(OptionalDouble.of(0), r.costUsd()); // claude says 0 for a refused call
    }

    @Test
    void reportsExhaustedCreditAsQuotaExhausted() {
        DispatchResult r = dispatch(mode("credit"), request("p"));

        assertEquals(FailureKind.QUOTA_EXHAUSTED, r.failureKind());
        assertEquals("Credit balance is too low", r.error());
        assertEquals(Optional.of(ClaudeCodeDispatcher.CREDIT_HINT), r.nextStep());
    }

    @Test
    void relaysThinkingToolUseAndToolResultsAsTheyStreamThenAnswersFromTheResultEvent() {
        List<DispatchEvent> events = new CopyOnWriteArrayList<>();
        ctx = ClaudeCodeTestSupport.contextWithFake(tmp, mode("tools"));

        DispatchResult r = new ClaudeCodeDispatcher(route(), ctx).dispatch(request("run the tests"), events::add);

        assertTrue(r.success(), r.error());
        assertEquals("ok from claude (model sonnet)", r.output());
        assertEquals(Optional.of(new TokenUsage(12, 3)), r.tokenUsage());
        assertEquals(Optional.of(FAKE_SESSION), r.sessionId());
        assertEquals(List.of(
                new DispatchEvent.Thinking("The tests come first."),
                new DispatchEvent.ToolUse("Bash", "{\"command\":\"mvn -q test\",\"description\":\"Run the tests\"}"),
                new DispatchEvent.ToolResult("Bash", "Tests run: 3, Failures: 0", false),
                new DispatchEvent.ToolUse("Read", "{\"file_path\":\"/nope\"}"),
                new DispatchEvent.ToolResult("Read", "File does not exist.", true),
                new DispatchEvent.Text("ok from claude (model sonnet)")), events);
    }

    @Test
    void takesTheAllowedToolsAndPermissionModeFromTheRouteSettings() throws IOException {
        Path argv = tmp.resolve("argv.log");
        ctx = ClaudeCodeTestSupport.contextWithFake(tmp, Map.of("FAKE_CLAUDE_ARGV_LOG", argv.toString()));
        RouteSpec custom = route(Map.of(), Map.of("allowed_tools", "Read, Bash(git *) ,Edit", "permission_mode", "plan"));

        DispatchResult r = new ClaudeCodeDispatcher(custom, ctx).dispatch(DispatchRequest.of("p", custom), null);

        assertTrue(r.success(), r.error());
        assertEquals("-p\n--output-format\nstream-json\n--verbose\n--model\nsonnet\n--allowedTools\n"
                + "Read,Bash(git *),Edit\n--permission-mode\nplan\n--\np\n---\n", Files.readString(argv));
    }

    @Test
    void sendsNoAllowedToolsWhenTheRouteEmptiesTheSetting() throws IOException {
        Path argv = tmp.resolve("argv.log");
        ctx = ClaudeCodeTestSupport.contextWithFake(tmp, Map.of("FAKE_CLAUDE_ARGV_LOG", argv.toString()));
        RouteSpec none = route(Map.of(), Map.of("allowed_tools", ""));

        assertTrue(new ClaudeCodeDispatcher(none, ctx).dispatch(DispatchRequest.of("p", none), null).success());
        assertEquals("-p\n--output-format\nstream-json\n--verbose\n--model\nsonnet\n--permission-mode\nacceptEdits\n"
                + "--\np\n---\n", Files.readString(argv));
    }

    @Test
    void isUnavailableForAPermissionModeClaudeRejectsOrAnEmptyToolName() {
        ctx = ClaudeCodeTestSupport.contextWithFake(tmp, Map.of());

        Availability mode = new ClaudeCodeDispatcher(route(Map.of(), Map.of("permission_mode", "yolo")), ctx)
                .availability();
        Availability tools = new ClaudeCodeDispatcher(route(Map.of(), Map.of("allowed_tools", "Bash,,Edit")), ctx)
                .availability();

        assertEquals("route sonnet::claude_code: setting permission_mode must be one of [acceptEdits, auto,"
                + " bypassPermissions, default, dontAsk, manual, plan], not \"yolo\"", mode.reason());
        assertEquals("route sonnet::claude_code: setting allowed_tools must be tool names separated by commas"
                + " (e.g. Bash,Read,Edit,Write or \"Bash(git *),Edit\"), or empty for none, not \"Bash,,Edit\"",
                tools.reason());
    }

    @Test
    void reportsAMissingLoginAsAuthWithTheNextStep() {
        DispatchResult r = dispatch(mode("auth"), request("p"));

        assertEquals(FailureKind.AUTH, r.failureKind());
        assertEquals("Not logged in · Please run /login" + LOGIN, r.error());
        assertEquals(Optional.of(ClaudeCodeDispatcher.LOGIN_HINT), r.nextStep());
    }

    @Test
    void reportsAnOverloadedApiAsUnavailable() {
        DispatchResult r = dispatch(mode("overloaded"), request("p"));

        assertEquals(FailureKind.UNAVAILABLE, r.failureKind());
        assertTrue(r.error().startsWith("API Error: 529 Overloaded."), r.error());
    }

    /** Regression for npm bug B7: exit 0 with is_error true was reported as success. */
    @Test
    void treatsIsErrorTrueAsFailureEvenWithExitCodeZero() {
        DispatchResult r = dispatch(mode("is_error_exit0"), request("p"));

        assertFalse(r.success());
        assertEquals(FailureKind.UNAVAILABLE, r.failureKind()); // api_error_status 500
        assertEquals("API Error: 500 Internal server error", r.error());
        assertEquals(OptionalInt.of(0), r.exitCode());
    }

    @Test
    void classifiesTheErrorTextNotTheNumbersInTheJson() {
        ctx = ClaudeCodeTestSupport.contextWithFake(tmp, Map.of());
        String json = "{\"type\":\"result\",\"is_error\":true,\"duration_ms\":429,\"duration_api_ms\":401,"
                + "\"result\":\"API Error: Can't reach the API server\",\"api_error_status\":null}";
        ProcessOutcome outcome = new ProcessOutcome(1, json, "", false, false, false, false, Optional.empty(),
                Duration.ofMillis(3));

        StreamParser parser = new ClaudeCodeDispatcher(route(), ctx).streamParser(request("p"));
        parser.onLine(json, DispatchListener.NONE);
        DispatchResult r = parser.finish(outcome);

        assertEquals(FailureKind.OTHER, r.failureKind());
        assertEquals("API Error: Can't reach the API server", r.error());
    }

    @Test
    void takesTheSessionIdOfTheInitEventWhenTheResultHasNone() {
        ctx = ClaudeCodeTestSupport.contextWithFake(tmp, Map.of());
        String result = "{\"type\":\"result\",\"is_error\":false,\"result\":\"done\"}";
        ProcessOutcome outcome = new ProcessOutcome(0, result, "", false, false, false, false, Optional.empty(),
                Duration.ofMillis(3));

        StreamParser parser = new ClaudeCodeDispatcher(route(), ctx).streamParser(request("p"));
        parser.onLine("{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"s-init\"}", DispatchListener.NONE);
        parser.onLine(result, DispatchListener.NONE);
        DispatchResult r = parser.finish(outcome);

        assertEquals("done", r.output());
        assertEquals(Optional.of("s-init"), r.sessionId());
    }

    @Test
    void reportsACrashWithItsStderrAndStreamsTheStderrLine() {
        List<DispatchEvent> events = new CopyOnWriteArrayList<>();
        ctx = ClaudeCodeTestSupport.contextWithFake(tmp, mode("crash"));

        DispatchResult r = new ClaudeCodeDispatcher(route(), ctx).dispatch(request("p"), events::add);

        assertEquals(FailureKind.OTHER, r.failureKind());
        assertEquals("claude exited with code 2: fake claude: crashed (simulated)", r.error());
        assertEquals(List.of(new DispatchEvent.Stderr("fake claude: crashed (simulated)")), events);
    }

    @Test
    void reportsOutputThatIsNotJsonAsAFailure() {
        DispatchResult r = dispatch(mode("garbage"), request("p"));

        assertEquals(FailureKind.OTHER, r.failureKind());
        assertEquals("claude exited 0 but printed no JSON result: this is not json\n<html>502 Bad Gateway</html>",
                r.error());
    }

    @Test
    void boundsHugeOutputAndQuotesOnlyItsStart() {
        DispatchResult r = dispatch(mode("huge"), request("p").withTimeout(Duration.ofMinutes(1)));

        assertEquals(FailureKind.OTHER, r.failureKind());
        assertEquals("claude exited 0 but printed no JSON result [claude's output was truncated: it wrote 104857600"
                + " bytes, of which 10485760 (the start and the end) were kept and 94371840 dropped]: "
                + "x".repeat(300) + "…", r.error());
        assertTrue(r.duration().compareTo(Duration.ofSeconds(30)) < 0, r.duration().toString());
    }

    @Test
    void isUnavailableWhenTheRouteHasSettingsItDoesNotUnderstand() {
        ctx = ClaudeCodeTestSupport.contextWithFake(tmp, Map.of());
        RouteSpec withSettings = route(Map.of(), Map.of("sandbox", "on", "effort", "high"));

        Availability a = new ClaudeCodeDispatcher(withSettings, ctx).availability();

        assertFalse(a.isAvailable());
        assertEquals("route sonnet::claude_code: unknown setting(s) [effort, sandbox] (claude_code reads"
                + " allowed_tools and permission_mode)", a.reason());
        assertTrue(new ClaudeCodeDispatcher(route(), ctx).availability().isAvailable());
    }

    private DispatchResult dispatch(Map<String, String> env, DispatchRequest req) {
        if (ctx != null) {
            ctx.close();
        }
        ctx = ClaudeCodeTestSupport.contextWithFake(tmp, env);
        return new ClaudeCodeDispatcher(route(), ctx).dispatch(req, null);
    }

    private static Map<String, String> mode(String mode) {
        return Map.of("FAKE_CLAUDE_MODE", mode);
    }

    private static DispatchRequest request(String prompt) {
        return DispatchRequest.of(prompt, route()).withTimeout(Duration.ofSeconds(30));
    }

    private static RouteSpec route() {
        return route(Map.of(), Map.of());
    }

    private static RouteSpec route(Map<String, String> env, Map<String, String> settings) {
        return RouteSpec.builder("sonnet::claude_code", "sonnet", ClaudeCodeHarness.ID, Tier.SUBSCRIPTION)
                .env(env).settings(settings).build();
    }

    private static String firstLine(Path file) throws IOException {
        return Files.readAllLines(file).get(0);
    }
}
