package io.harnessrouter.plugins.gemini;

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
import io.harnessrouter.api.support.ProcessOutcome;
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

class GeminiDispatcherTest {

    /** The {@code session_id} the fake gemini prints. */
    private static final String SESSION = "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b";
    /** {@code prompt} 8200 in; {@code candidates} 40 + {@code thoughts} 60 out. */
    private static final TokenUsage USAGE = new TokenUsage(8200, 100);
    private static final String KEY = "AIza-fake-key-value";

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
    void answersWithTheResponseAndSendsTheVerifiedArgv() throws IOException {
        Path argv = tmp.resolve("argv.log");
        DispatchResult r = dispatch(Map.of("FAKE_GEMINI_ARGV_LOG", argv.toString()), request("fix the bug"));

        assertTrue(r.success(), r.error());
        assertEquals("ok from gemini (model gemini-2.5-pro)", r.output());
        assertEquals(Optional.of(USAGE), r.tokenUsage());
        assertEquals(Optional.of(SESSION), r.sessionId());
        assertEquals(OptionalInt.of(0), r.exitCode());
        assertEquals(FailureKind.NONE, r.failureKind());
        assertEquals("--prompt=fix the bug\n-o\njson\n-m\ngemini-2.5-pro\n--skip-trust\n--approval-mode\nauto_edit\n---\n",
                Files.readString(argv));
    }

    @Test
    void runsInTheWorkingDirectoryWithAnEmptyStdin() throws IOException {
        Path envLog = tmp.resolve("env.log");
        Path prompt = tmp.resolve("prompt.log");
        Path project = Files.createDirectory(tmp.resolve("project"));

        DispatchResult r = dispatch(Map.of("FAKE_GEMINI_ENV_LOG", envLog.toString(),
                "FAKE_GEMINI_PROMPT_LOG", prompt.toString()), request("p").withWorkingDir(project));

        assertTrue(r.success(), r.error());
        assertTrue(Files.readString(envLog).contains("PWD=" + project.toRealPath() + "\n"), Files.readString(envLog));
        assertEquals("p", Files.readString(prompt)); // nothing appended: stdin was /dev/null
    }

    @Test
    void attachesAPromptThatLooksLikeAnOptionWithTheFilesListed() throws IOException {
        Path argv = tmp.resolve("argv.log");
        DispatchRequest req = request("-x is a flag, fix it").withFiles(List.of(Path.of("/src/A.java")));

        DispatchResult r = dispatch(Map.of("FAKE_GEMINI_ARGV_LOG", argv.toString()), req);

        assertTrue(r.success(), r.error());
        assertTrue(Files.readString(argv).startsWith("--prompt=-x is a flag, fix it\n\nFiles to work with:\n"
                + "  /src/A.java\n-o\n"), Files.readString(argv));
    }

    @Test
    void sendsAPromptOverTheThresholdOnStdinWithAnEmptyPromptFlag() throws IOException {
        Path argv = tmp.resolve("argv.log");
        Path prompt = tmp.resolve("prompt.log");
        String text = "refactor ✓ " + "y".repeat(1_000_000 - 13);

        DispatchResult r = dispatch(Map.of("FAKE_GEMINI_ARGV_LOG", argv.toString(),
                "FAKE_GEMINI_PROMPT_LOG", prompt.toString()), request(text));

        assertTrue(r.success(), r.error());
        assertEquals("--prompt=\n-o\njson\n-m\ngemini-2.5-pro\n--skip-trust\n--approval-mode\nauto_edit\n---\n",
                Files.readString(argv));
        assertEquals(text, Files.readString(prompt));
    }

    @Test
    void keepsAPromptUpToTheThresholdInTheArgv() throws IOException {
        Path argv = tmp.resolve("argv.log");
        String text = "z".repeat(GeminiDispatcher.STDIN_PROMPT_THRESHOLD_BYTES - "--prompt=".length());

        DispatchResult r = dispatch(Map.of("FAKE_GEMINI_ARGV_LOG", argv.toString()), request(text));

        assertTrue(r.success(), r.error());
        assertTrue(Files.readString(argv).startsWith("--prompt=" + text + "\n-o\n"));
    }

    @Test
    void takesTheApprovalModeFromTheRouteSettings() throws IOException {
        Path argv = tmp.resolve("argv.log");
        ctx = GeminiTestSupport.contextWithFake(tmp, withKey(Map.of("FAKE_GEMINI_ARGV_LOG", argv.toString())));
        RouteSpec yolo = route(Map.of("approval_mode", "yolo"));

        DispatchResult r = new GeminiDispatcher(yolo, ctx).dispatch(DispatchRequest.of("p", yolo), null);

        assertTrue(r.success(), r.error());
        assertTrue(Files.readString(argv).contains("--approval-mode\nyolo\n"), Files.readString(argv));
    }

    @Test
    void isUnavailableWithAnUnknownSettingApprovalModeOrAttemptCount() {
        ctx = GeminiTestSupport.contextWithFake(tmp, Map.of());

        assertEquals("route gemini::gemini_cli has settings this harness does not understand: [sandbox]"
                + " (gemini_cli takes only approval_mode and max_attempts)",
                new GeminiDispatcher(route(Map.of("sandbox", "x")), ctx).availability().reason());
        assertEquals("route gemini::gemini_cli has settings.approval_mode 'full'; gemini accepts"
                + " [auto_edit, default, plan, yolo]",
                new GeminiDispatcher(route(Map.of("approval_mode", "full")), ctx).availability().reason());
        for (String bad : List.of("0", "11", "two")) {
            Availability a = new GeminiDispatcher(route(Map.of("max_attempts", bad)), ctx).availability();
            assertEquals("route gemini::gemini_cli has settings.max_attempts '" + bad
                    + "'; gemini accepts a whole number from 1 to 10", a.reason());
        }
        assertTrue(new GeminiDispatcher(route(Map.of("approval_mode", "plan", "max_attempts", "3")), ctx)
                .availability().isAvailable());
    }

    @Test
    void keepsItsDefaultsFileInTheUsersCacheNeverUnderADirectoryOthersMayWrite() throws IOException {
        Path envLog = tmp.resolve("env.log");
        Path cache = Files.createDirectories(tmp.resolve("home-cache"));
        dispatch(Map.of("FAKE_GEMINI_ENV_LOG", envLog.toString(), "XDG_CACHE_HOME", cache.toString()), request("p"));

        Path file = cache.resolve("harness-router/gemini/system-defaults-max-attempts-1.json");
        assertEquals("{\"general\":{\"maxAttempts\":1}}\n", Files.readString(file));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file.getParent())));
    }

    @Test
    void capsGeminisOwnRetriesThroughItsSystemDefaultsUnlessTheUserNamedAFile() throws IOException {
        Path envLog = tmp.resolve("env.log");
        dispatch(Map.of("FAKE_GEMINI_ENV_LOG", envLog.toString()), request("p"));
        assertTrue(Files.readString(envLog).contains("DEFAULTS={\"general\":{\"maxAttempts\":1}}\n"),
                Files.readString(envLog));

        Files.delete(envLog);
        RouteSpec three = route(Map.of("max_attempts", "3"));
        new GeminiDispatcher(three, ctx).dispatch(DispatchRequest.of("p", three), null);
        assertTrue(Files.readString(envLog).contains("DEFAULTS={\"general\":{\"maxAttempts\":3}}\n"),
                Files.readString(envLog));

        Files.delete(envLog);
        Path ownDir = Files.createDirectories(GeminiTestSupport.secureCache().resolve("own"));
        Path own = Files.writeString(ownDir.resolve("own-defaults.json"), "{\"general\":{\"maxAttempts\":7}}");
        dispatch(Map.of("FAKE_GEMINI_ENV_LOG", envLog.toString(), "GEMINI_CLI_SYSTEM_DEFAULTS_PATH", own.toString()),
                request("p"));
        assertTrue(Files.readString(envLog).contains("DEFAULTS={\"general\":{\"maxAttempts\":7}}\n"),
                Files.readString(envLog));
    }

    @Test
    void relaysStderrAsProgressWithoutTakingItForTheAnswer() {
        List<DispatchEvent> events = new CopyOnWriteArrayList<>();
        ctx = GeminiTestSupport.contextWithFake(tmp, withKey(Map.of()));

        DispatchResult r = new GeminiDispatcher(route(), ctx).dispatch(request("p"), events::add);

        assertTrue(r.success(), r.error());
        assertTrue(events.contains(new DispatchEvent.Stderr("[STARTUP] Phase \"cli_startup\" completed")), events.toString());
        assertEquals("ok from gemini (model gemini-2.5-pro)", r.output());
    }

    @Test
    void keepsQuotesBackslashesAndNewlinesOfTheAnswer() {
        String answer = "say \"hi\"\\n\nline two";
        DispatchResult r = dispatch(Map.of("FAKE_GEMINI_ANSWER", answer), request("p"));

        assertTrue(r.success(), r.error());
        assertEquals(answer, r.output());
    }

    @Test
    void reportsA429AsRateLimitedWithTheSuggestedRetry() {
        DispatchResult r = dispatch(mode("rate_limit"), request("p"));

        assertEquals(FailureKind.RATE_LIMITED, r.failureKind());
        assertEquals("Resource has been exhausted (e.g. check quota).\nSuggested retry after 1s.", r.error());
        assertEquals(Optional.of(Duration.ofSeconds(1)), r.retryAfter());
        assertEquals(OptionalInt.of(173), r.exitCode());
        assertEquals(Optional.of(SESSION), r.sessionId());
        assertEquals(Optional.empty(), r.resetAt());
    }

    @Test
    void reportsTheDailyQuotaAsQuotaExhausted() {
        DispatchResult r = dispatch(mode("quota"), request("p"));

        assertEquals(FailureKind.QUOTA_EXHAUSTED, r.failureKind());
        assertEquals("You have exhausted your daily quota on this model.", r.error());
        assertEquals(OptionalInt.of(173), r.exitCode());
        assertEquals(Optional.empty(), r.resetAt()); // gemini names no reset time
    }

    @Test
    void reportsNoAuthMethodAsAuthWithTheNextStep() {
        ctx = GeminiTestSupport.contextWithFake(tmp, Map.of());
        DispatchResult r = new GeminiDispatcher(route(), ctx).dispatch(request("p"), null);

        assertEquals(FailureKind.AUTH, r.failureKind());
        assertEquals(OptionalInt.of(41), r.exitCode());
        assertTrue(r.error().startsWith("Please set an Auth method in your " + tmp + "/.gemini/settings.json"), r.error());
        assertTrue(r.error().endsWith(" — " + GeminiDispatcher.LOGIN_HINT), r.error());
        assertEquals(Optional.of(GeminiDispatcher.LOGIN_HINT), r.nextStep());
    }

    @Test
    void passesTheRoutesKeyToGemini() {
        ctx = GeminiTestSupport.contextWithFake(tmp, Map.of());
        RouteSpec withKey = RouteSpec.builder("gemini::gemini_cli", "gemini-2.5-pro", GeminiHarness.ID, Tier.SUBSCRIPTION)
                .env(Map.of("GEMINI_API_KEY", KEY)).build();

        DispatchResult r = new GeminiDispatcher(withKey, ctx).dispatch(DispatchRequest.of("p", withKey), null);

        assertTrue(r.success(), r.error());
    }

    @Test
    void reportsAnInvalidKeyAsAuth() {
        DispatchResult r = dispatch(mode("bad_key"), request("p"));

        assertEquals(FailureKind.AUTH, r.failureKind());
        assertEquals(OptionalInt.of(144), r.exitCode());
        assertTrue(r.error().contains("API_KEY_INVALID"), r.error());
        assertFalse(r.error().contains(KEY));
    }

    @Test
    void reportsAnUnknownModelAsModelRejected() {
        DispatchResult r = dispatch(mode("model_not_found"), request("p"));

        assertEquals(FailureKind.MODEL_REJECTED, r.failureKind());
        assertTrue(r.error().contains("models/gemini-2.5-pro is not found"), r.error());
        assertEquals(OptionalInt.of(148), r.exitCode());
    }

    @Test
    void reportsAnOverloadedServerAsUnavailable() {
        assertEquals(FailureKind.UNAVAILABLE, dispatch(mode("server_error"), request("p")).failureKind());
    }

    @Test
    void reportsTheTurnLimitAsOther() {
        DispatchResult r = dispatch(mode("turn_limit"), request("p"));

        assertEquals(FailureKind.OTHER, r.failureKind());
        assertTrue(r.error().startsWith("Reached max session turns"), r.error());
    }

    @Test
    void classifiesExitCodesAsHttpStatusesModulo256() {
        assertEquals(FailureKind.RATE_LIMITED, GeminiDispatcher.classify(173, 0, "boom"));
        assertEquals(FailureKind.QUOTA_EXHAUSTED, GeminiDispatcher.classify(173, 0,
                "You have exhausted your daily quota on this model."));
        assertEquals(FailureKind.AUTH, GeminiDispatcher.classify(145, 0, "boom"));
        assertEquals(FailureKind.FORBIDDEN, GeminiDispatcher.classify(147, 0, "boom"));
        assertEquals(FailureKind.UNAVAILABLE, GeminiDispatcher.classify(244, 0, "boom"));
        assertEquals(FailureKind.AUTH, GeminiDispatcher.classify(41, 0, "Invalid auth method selected."));
        assertEquals(FailureKind.RATE_LIMITED, GeminiDispatcher.classify(1, 429, "boom")); // the code wins
        assertEquals(FailureKind.OTHER, GeminiDispatcher.classify(55, 0, "not running in a trusted directory"));
        assertEquals(FailureKind.OTHER, GeminiDispatcher.classify(1, 0, "An unexpected critical error occurred"));
    }

    @Test
    void reportsTheUntrustedFolderGateWithItsStep() {
        String stderr = "Gemini CLI is not running in a trusted directory. To proceed, either use --skip-trust,"
                + " set GEMINI_CLI_TRUST_WORKSPACE=true environment variable, or trust this directory in interactive mode.";
        DispatchResult r = new GeminiDispatcher(route(), context(Map.of()))
                .result(GeminiOutput.read("", stderr), outcome(55, stderr));

        assertEquals(FailureKind.OTHER, r.failureKind());
        assertEquals(Optional.of(GeminiDispatcher.TRUST_HINT), r.nextStep());
        assertEquals(stderr + " — " + GeminiDispatcher.TRUST_HINT, r.error());
    }

    @Test
    void reportsAnArgumentErrorWithYargsLineAndNotGeminisNoise() {
        String stderr = "[STARTUP] Phase \"cli_startup\" completed\nRipgrep is not available. Falling back to GrepTool.\n"
                + "Unknown arguments: bogus-flag, bogusFlag";
        DispatchResult r = new GeminiDispatcher(route(), context(Map.of()))
                .result(GeminiOutput.read("", stderr), outcome(1, stderr));

        assertEquals(FailureKind.OTHER, r.failureKind());
        assertEquals("Unknown arguments: bogus-flag, bogusFlag", r.error());
    }

    @Test
    void reportsOutputWithoutAResponseAsAFailure() {
        DispatchResult r = dispatch(mode("garbage"), request("p"));

        assertEquals(FailureKind.OTHER, r.failureKind());
        assertEquals("gemini exited 0 but printed no JSON response: this is not json", r.error());
    }

    @Test
    void readsACompactObjectAndAnErrorObjectOnStdout() {
        GeminiOutput.Seen ok = GeminiOutput.read("noise {\"response\":\"no\"}\n{\"session_id\":\"s1\",\"response\":\"yes\","
                + "\"stats\":{\"models\":{\"a\":{\"tokens\":{\"prompt\":10,\"candidates\":2}},"
                + "\"b\":{\"tokens\":{\"input\":5,\"candidates\":1,\"thoughts\":3}}}}}", "");
        assertEquals(Optional.of("yes"), ok.response());
        assertEquals(Optional.of("s1"), ok.sessionId());
        assertEquals(Optional.of(new TokenUsage(15, 6)), ok.usage());

        GeminiOutput.Seen failed = GeminiOutput.read("{\"session_id\":\"s2\",\"error\":{\"type\":\"Error\","
                + "\"message\":\"m\",\"code\":429}}", "");
        assertEquals(Optional.of(new GeminiOutput.Error("m", 429)), failed.error());
        assertEquals(Optional.of("s2"), failed.sessionId());
    }

    private DispatchResult dispatch(Map<String, String> env, DispatchRequest req) {
        return new GeminiDispatcher(route(), context(withKey(env))).dispatch(req, null);
    }

    private TestHarnessContext context(Map<String, String> env) {
        if (ctx != null) {
            ctx.close();
        }
        ctx = GeminiTestSupport.contextWithFake(tmp, env);
        return ctx;
    }

    private static Map<String, String> withKey(Map<String, String> env) {
        Map<String, String> withKey = new HashMap<>(env);
        withKey.put("GEMINI_API_KEY", KEY);
        return withKey;
    }

    private static ProcessOutcome outcome(int exitCode, String stderr) {
        return new ProcessOutcome(exitCode, "", stderr, false, false, false, false, Optional.empty(), Duration.ZERO);
    }

    private static Map<String, String> mode(String mode) {
        return Map.of("FAKE_GEMINI_MODE", mode);
    }

    private static DispatchRequest request(String prompt) {
        return DispatchRequest.of(prompt, route()).withTimeout(Duration.ofSeconds(30));
    }

    private static RouteSpec route() {
        return route(Map.of());
    }

    private static RouteSpec route(Map<String, String> settings) {
        return RouteSpec.builder("gemini::gemini_cli", "gemini-2.5-pro", GeminiHarness.ID, Tier.SUBSCRIPTION)
                .settings(settings).build();
    }
}
