package io.harnessrouter.plugins.opencode;

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

class OpencodeDispatcherTest {

    private static final String MODEL = "anthropic/claude-sonnet-4-5";
    /** The {@code sessionID} the fake opencode prints on every event. */
    private static final String SESSION = "ses_5f1d2c3b4a69ffe1aB2cD3eF4g";
    /** input 1200 + cache.read 500; output 34, per step. */
    private static final TokenUsage USAGE = new TokenUsage(1700, 34);

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
    void answersWithTheTextPartsJoinedAndSendsTheVerifiedArgv() throws IOException {
        Path argv = tmp.resolve("argv.log");
        Path project = Files.createDirectory(tmp.resolve("project"));
        DispatchResult r = dispatch(Map.of("FAKE_OPENCODE_ARGV_LOG", argv.toString()),
                request("fix the bug").withWorkingDir(project));

        assertTrue(r.success(), r.error());
        assertEquals("ok from opencode (model " + MODEL + ")", r.output());
        assertEquals(Optional.of(USAGE), r.tokenUsage());
        assertEquals(OptionalDouble.of(0.0042), r.costUsd());
        assertEquals(Optional.of(SESSION), r.sessionId());
        assertEquals(OptionalInt.of(0), r.exitCode());
        assertEquals(FailureKind.NONE, r.failureKind());
        assertEquals("run\n--format\njson\n-m\n" + MODEL + "\n--dir\n" + project + "\n--auto\n--\nfix the bug\n---\n",
                Files.readString(argv));
    }

    @Test
    void leavesOutTheDirFlagWithoutAWorkingDirectory() throws IOException {
        Path argv = tmp.resolve("argv.log");
        assertTrue(dispatch(Map.of("FAKE_OPENCODE_ARGV_LOG", argv.toString()), request("p")).success());

        assertEquals("run\n--format\njson\n-m\n" + MODEL + "\n--auto\n--\np\n---\n", Files.readString(argv));
    }

    @Test
    void runsInTheWorkingDirectoryWithAnEmptyStdin() throws IOException {
        Path envLog = tmp.resolve("env.log");
        Path prompt = tmp.resolve("prompt.log");
        Path project = Files.createDirectory(tmp.resolve("project"));

        DispatchResult r = dispatch(Map.of("FAKE_OPENCODE_ENV_LOG", envLog.toString(), "FAKE_OPENCODE_PROMPT_LOG",
                prompt.toString()), request("p").withWorkingDir(project));

        assertTrue(r.success(), r.error());
        assertTrue(Files.readString(envLog).contains("PWD=" + project.toRealPath() + "\n"), Files.readString(envLog));
        assertEquals("p", Files.readString(prompt));
    }

    @Test
    void passesAnOptionLikePromptAfterTheDoubleDashWithTheFilesListed() throws IOException {
        Path argv = tmp.resolve("argv.log");
        Path prompt = tmp.resolve("prompt.log");
        DispatchRequest req = request("--format is json, fix it").withFiles(List.of(Path.of("/src/A.java")));

        DispatchResult r = dispatch(Map.of("FAKE_OPENCODE_ARGV_LOG", argv.toString(),
                "FAKE_OPENCODE_PROMPT_LOG", prompt.toString()), req);

        assertTrue(r.success(), r.error());
        assertTrue(Files.readString(argv).endsWith("--\n--format is json, fix it\n\nFocus on these files:\n"
                + "  - /src/A.java\n---\n"), Files.readString(argv));
        assertEquals("--format is json, fix it\n\nFocus on these files:\n  - /src/A.java", Files.readString(prompt));
    }

    @Test
    void sendsAPromptOverTheThresholdOnStdinWithoutAMessage() throws IOException {
        Path argv = tmp.resolve("argv.log");
        Path prompt = tmp.resolve("prompt.log");
        String text = "refactor ✓ " + "y".repeat(1_000_000 - 13);

        DispatchResult r = dispatch(Map.of("FAKE_OPENCODE_ARGV_LOG", argv.toString(),
                "FAKE_OPENCODE_PROMPT_LOG", prompt.toString()), request(text));

        assertTrue(r.success(), r.error());
        assertEquals("run\n--format\njson\n-m\n" + MODEL + "\n--auto\n---\n", Files.readString(argv));
        assertEquals(text, Files.readString(prompt));
    }

    @Test
    void keepsAPromptUpToTheThresholdInTheArgv() throws IOException {
        Path argv = tmp.resolve("argv.log");
        String text = "z".repeat(OpencodeDispatcher.STDIN_PROMPT_THRESHOLD_BYTES);

        DispatchResult r = dispatch(Map.of("FAKE_OPENCODE_ARGV_LOG", argv.toString()), request(text));

        assertTrue(r.success(), r.error());
        assertTrue(Files.readString(argv).endsWith("--\n" + text + "\n---\n"));
    }

    @Test
    void isUnavailableWithABareModelNameOrAnySetting() {
        ctx = OpencodeTestSupport.contextWithFake(tmp, Map.of());

        Availability bare = new OpencodeDispatcher(route("claude-sonnet-4-5", Map.of(), Map.of()), ctx).availability();
        Availability slashOnly = new OpencodeDispatcher(route("anthropic/", Map.of(), Map.of()), ctx).availability();
        Availability setting = new OpencodeDispatcher(route(MODEL, Map.of(), Map.of("agent", "build")), ctx)
                .availability();

        assertEquals("route claude-sonnet-4-5::opencode: model 'claude-sonnet-4-5' names no provider: opencode needs"
                + " provider/model (e.g. anthropic/claude-sonnet-4-5) and answers a bare name only with \"Unexpected"
                + " server error\"", bare.reason());
        assertFalse(slashOnly.isAvailable());
        assertEquals("route " + MODEL + "::opencode has settings this harness does not understand: [agent]"
                + " (opencode takes none)", setting.reason());
        assertTrue(new OpencodeDispatcher(route(), ctx).availability().isAvailable());
    }

    @Test
    void streamsTextToolUseAndToolResults() {
        List<DispatchEvent> events = new CopyOnWriteArrayList<>();
        ctx = OpencodeTestSupport.contextWithFake(tmp, mode("tools"));

        DispatchResult r = new OpencodeDispatcher(route(), ctx).dispatch(request("p"), events::add);

        assertTrue(r.success(), r.error());
        assertEquals("ok from opencode (model " + MODEL + ")", r.output());
        assertEquals(Optional.of(new TokenUsage(3400, 68)), r.tokenUsage()); // two steps
        assertEquals(0.0052, r.costUsd().orElseThrow(), 1e-9); // 0.001 + 0.0042: the steps' part.cost summed
        List<DispatchEvent> fromStdout = events.stream().filter(e -> !(e instanceof DispatchEvent.Stderr)).toList();
        assertEquals(List.of(
                new DispatchEvent.ToolUse("bash", "{\"command\":\"ls\",\"description\":\"List files\"}"),
                new DispatchEvent.ToolResult("bash", "README.md\nsrc\n", false),
                new DispatchEvent.ToolUse("read", "{\"filePath\":\"/nope\"}"),
                new DispatchEvent.ToolResult("read", "File not found: /nope", true),
                new DispatchEvent.Text("ok"),
                new DispatchEvent.Text(" from opencode (model " + MODEL + ")")), fromStdout);
    }

    @Test
    void keepsQuotesBackslashesAndNewlinesOfTheAnswer() {
        String answer = "line \"one\"\n\tC:\\path";
        assertEquals(answer, dispatch(Map.of("FAKE_OPENCODE_ANSWER", answer), request("p")).output());
    }

    @Test
    void readsATextPartLongerThanOneReadOfTheStream() {
        DispatchResult r = dispatch(mode("long"), request("p"));

        assertTrue(r.success(), r.error());
        assertEquals("y".repeat(2 * 1024 * 1024), r.output());
        assertEquals(Optional.of(USAGE), r.tokenUsage());
    }

    @Test
    void reportsA429AsRateLimitedWithTheRetryAfterItsHeadersGive() {
        DispatchResult r = dispatch(Map.of("FAKE_OPENCODE_MODE", "rate_limit", "FAKE_OPENCODE_RETRY_AFTER", "30"),
                request("p"));

        assertEquals(FailureKind.RATE_LIMITED, r.failureKind());
        assertEquals("This request would exceed the rate limit for your organization of 50 requests per minute."
                + " (HTTP 429)", r.error());
        assertEquals(Optional.of(Duration.ofSeconds(30)), r.retryAfter());
        assertEquals(Optional.of(ctx.clock().instant().plusSeconds(30)), r.resetAt());
        assertEquals("30", r.headers().get("retry-after"));
        assertEquals(Optional.of(SESSION), r.sessionId());
        assertEquals(OptionalInt.of(1), r.exitCode());
        assertEquals(OptionalDouble.empty(), r.costUsd()); // no step finished: nothing was billed
    }

    @Test
    void reportsA429WithoutHeadersWithoutAResetTime() {
        DispatchResult r = dispatch(mode("rate_limit"), request("p"));

        assertEquals(FailureKind.RATE_LIMITED, r.failureKind());
        assertEquals(Optional.empty(), r.retryAfter());
        assertEquals(Optional.empty(), r.resetAt());
    }

    @Test
    void reportsTheCreditBalance400AsQuotaExhausted() {
        DispatchResult r = dispatch(mode("quota"), request("p"));

        assertEquals(FailureKind.QUOTA_EXHAUSTED, r.failureKind());
        assertTrue(r.error().startsWith("Your credit balance is too low to access the Anthropic API."), r.error());
        assertTrue(r.error().endsWith("(HTTP 400)"), r.error());
    }

    @Test
    void reportsA401AsAuthWithTheNextStep() {
        DispatchResult r = dispatch(mode("auth"), request("p"));

        assertEquals(FailureKind.AUTH, r.failureKind());
        assertEquals("invalid x-api-key (HTTP 401) — " + OpencodeDispatcher.LOGIN_HINT, r.error());
        assertEquals(Optional.of(OpencodeDispatcher.LOGIN_HINT), r.nextStep());
    }

    @Test
    void reportsA403AsForbidden() {
        DispatchResult r = dispatch(mode("forbidden"), request("p"));

        assertEquals(FailureKind.FORBIDDEN, r.failureKind());
        assertEquals(Optional.of(OpencodeDispatcher.FORBIDDEN_HINT), r.nextStep());
    }

    @Test
    void reportsA500AsUnavailable() {
        assertEquals(FailureKind.UNAVAILABLE, dispatch(mode("server_error"), request("p")).failureKind());
    }

    @Test
    void reportsUnexpectedServerErrorAsModelRejectedAndSuggestsPrintLogs() {
        DispatchResult r = dispatch(mode("model_not_found"), request("p"));

        assertEquals(FailureKind.MODEL_REJECTED, r.failureKind());
        String step = OpencodeDispatcher.printLogsStep(MODEL);
        assertEquals(Optional.of(step), r.nextStep());
        assertEquals("Unexpected server error. Check server logs for details. — " + step, r.error());
        assertTrue(step.contains("`opencode run --print-logs -m " + MODEL + " -- hi`"), step);
    }

    @Test
    void reportsYargsRejectingTheArgvAsOther() {
        ctx = OpencodeTestSupport.contextWithFake(tmp, Map.of());
        DispatchResult r = new OpencodeDispatcher(route(), ctx)
                .result(new OpencodeEvents.Seen(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                        outcome(1, "", "opencode run [message..]\n\nrun opencode with a message\n"), MODEL);

        assertEquals(FailureKind.OTHER, r.failureKind());
        assertEquals("opencode rejected its arguments (it printed its `run` help, exit code 1)", r.error());
    }

    @Test
    void reportsOutputWithoutTextAsAFailure() {
        DispatchResult r = dispatch(mode("garbage"), request("p"));

        assertEquals(FailureKind.OTHER, r.failureKind());
        assertEquals("opencode exited 0 but printed no text: this is not json", r.error());
    }

    @Test
    void passesTheRoutesEnvironment() throws IOException {
        Path envLog = tmp.resolve("env.log");
        ctx = OpencodeTestSupport.contextWithFake(tmp, Map.of("FAKE_OPENCODE_ENV_LOG", envLog.toString()));
        RouteSpec withKey = route(MODEL, Map.of("ANTHROPIC_API_KEY", "sk-route"), Map.of());

        new OpencodeDispatcher(withKey, ctx).dispatch(DispatchRequest.of("p", withKey), null);

        assertTrue(Files.readString(envLog).startsWith("ANTHROPIC_API_KEY=set\n"), Files.readString(envLog));
    }

    private DispatchResult dispatch(Map<String, String> env, DispatchRequest req) {
        if (ctx != null) {
            ctx.close();
        }
        ctx = OpencodeTestSupport.contextWithFake(tmp, env);
        return new OpencodeDispatcher(route(), ctx).dispatch(req, null);
    }

    private static io.harnessrouter.api.support.ProcessOutcome outcome(int exit, String stdout, String stderr) {
        return new io.harnessrouter.api.support.ProcessOutcome(exit, stdout, stderr, false, false, false, false,
                Optional.empty(), Duration.ofMillis(5));
    }

    private static Map<String, String> mode(String mode) {
        return Map.of("FAKE_OPENCODE_MODE", mode);
    }

    private static DispatchRequest request(String prompt) {
        return DispatchRequest.of(prompt, route()).withTimeout(Duration.ofSeconds(30));
    }

    private static RouteSpec route() {
        return route(MODEL, Map.of(), Map.of());
    }

    private static RouteSpec route(String model, Map<String, String> env, Map<String, String> settings) {
        return RouteSpec.builder(model + "::opencode", model, OpencodeHarness.ID, Tier.SUBSCRIPTION)
                .env(env).settings(settings).build();
    }
}
