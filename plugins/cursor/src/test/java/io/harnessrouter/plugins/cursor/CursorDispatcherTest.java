package io.harnessrouter.plugins.cursor;

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

class CursorDispatcherTest {

    /** The {@code session_id} the fake prints. */
    private static final String SESSION = "5f0c2a8e-3b1d-4c6f-9a7e-2d4b6c8e0f13";

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
    void answersWithTheResultAndSendsTheDocumentedArgv() throws IOException {
        Path argv = tmp.resolve("argv.log");
        Path project = Files.createDirectory(tmp.resolve("project"));

        DispatchResult r = dispatch(Map.of("FAKE_CURSOR_ARGV_LOG", argv.toString()),
                request("fix the bug").withWorkingDir(project));

        assertTrue(r.success(), r.error());
        assertEquals("ok from cursor (model sonnet-4)", r.output());
        assertEquals(Optional.of(SESSION), r.sessionId());
        assertEquals(Optional.empty(), r.tokenUsage());
        assertEquals(OptionalInt.of(0), r.exitCode());
        assertEquals("-p\n--output-format\njson\n--trust\n--workspace\n" + project + "\n--model\nsonnet-4\n"
                + "fix the bug\n---\n", Files.readString(argv));
    }

    @Test
    void usesTheHomeDirectoryAsWorkspaceWithoutAWorkingDirectory() throws IOException {
        Path argv = tmp.resolve("argv.log");
        Path home = Files.createDirectory(tmp.resolve("home"));

        DispatchResult r = dispatch(Map.of("FAKE_CURSOR_ARGV_LOG", argv.toString(), "HOME", home.toString()),
                request("p"));

        assertTrue(r.success(), r.error());
        assertEquals("-p\n--output-format\njson\n--trust\n--workspace\n" + home + "\n--model\nsonnet-4\np\n---\n",
                Files.readString(argv));
    }

    @Test
    void runsInTheWorkingDirectoryWithAnEmptyStdinAndTheRoutesApiKeyInTheEnvironmentOnly() throws IOException {
        Path envLog = tmp.resolve("env.log");
        Path argv = tmp.resolve("argv.log");
        Path project = Files.createDirectory(tmp.resolve("project"));
        ctx = CursorTestSupport.contextWithFake(tmp, Map.of("FAKE_CURSOR_ENV_LOG", envLog.toString(),
                "FAKE_CURSOR_ARGV_LOG", argv.toString()));
        RouteSpec withKey = route(Map.of("CURSOR_API_KEY", "key-route-secret"), Map.of());

        DispatchResult r = new CursorDispatcher(withKey, ctx)
                .dispatch(DispatchRequest.of("p", withKey).withWorkingDir(project), null);

        assertTrue(r.success(), r.error());
        assertEquals("CURSOR_API_KEY=set\nPWD=" + project.toRealPath() + "\nSTDIN=empty\n", Files.readString(envLog));
        assertFalse(Files.readString(argv).contains("key-route-secret"), "the key went on the argv");
        assertFalse(Files.readString(argv).contains("--api-key"));
        assertFalse(ctx.logText().contains("key-route-secret"), ctx.logText());

        Files.delete(envLog);
        assertTrue(dispatch(Map.of("FAKE_CURSOR_ENV_LOG", envLog.toString()), request("p")).success());
        assertTrue(Files.readString(envLog).startsWith("CURSOR_API_KEY=<unset>\n"), Files.readString(envLog));
    }

    @Test
    void guardsAPromptThatLooksLikeAnOptionWithALeadingSpaceAndListsTheFiles() throws IOException {
        Path argv = tmp.resolve("argv.log");
        DispatchRequest req = request("--force is what I want").withFiles(List.of(Path.of("/src/A.java")));

        DispatchResult r = dispatch(Map.of("FAKE_CURSOR_ARGV_LOG", argv.toString()), req);

        assertTrue(r.success(), r.error());
        assertTrue(Files.readString(argv).endsWith("--model\nsonnet-4\n --force is what I want\n\nFiles to work with:\n"
                + "  /src/A.java\n---\n"), Files.readString(argv));
    }

    @Test
    void refusesAPromptTooLongForOneArgumentNamingTheCauseSinceNoStdinPromptIsDocumented() throws IOException {
        Path argv = tmp.resolve("argv.log");
        DispatchResult r = dispatch(Map.of("FAKE_CURSOR_ARGV_LOG", argv.toString()),
                request("y".repeat(200 * 1024)));

        assertEquals(FailureKind.OTHER, r.failureKind());
        assertTrue(r.error().startsWith("cannot run 'agent': Argument list too long: argument 9 is 204800 bytes, more"
                + " than the 131071 Linux takes in one argument"), r.error());
        assertFalse(Files.exists(argv), "the CLI was started");
    }

    @Test
    void keepsAPromptUpToTheThresholdInTheArgv() throws IOException {
        Path argv = tmp.resolve("argv.log");
        String text = "z".repeat(CursorDispatcher.STDIN_PROMPT_THRESHOLD_BYTES);

        DispatchResult r = dispatch(Map.of("FAKE_CURSOR_ARGV_LOG", argv.toString()), request(text));

        assertTrue(r.success(), r.error());
        assertTrue(Files.readString(argv).endsWith("sonnet-4\n" + text + "\n---\n"));
    }

    @Test
    void addsForceOnlyWhenTheRouteSetsIt() throws IOException {
        Path argv = tmp.resolve("argv.log");
        ctx = CursorTestSupport.contextWithFake(tmp, Map.of("FAKE_CURSOR_ARGV_LOG", argv.toString()));
        RouteSpec forced = route(Map.of(), Map.of("force", "true"));
        RouteSpec notForced = route(Map.of(), Map.of("force", "false"));

        assertTrue(new CursorDispatcher(forced, ctx).dispatch(DispatchRequest.of("p", forced), null).success());
        assertTrue(new CursorDispatcher(notForced, ctx).dispatch(DispatchRequest.of("p", notForced), null).success());

        String[] runs = Files.readString(argv).split("---\n");
        assertTrue(runs[0].endsWith("--model\nsonnet-4\n--force\np\n"), runs[0]);
        assertFalse(runs[1].contains("--force"), runs[1]);
    }

    @Test
    void isUnavailableWithAnUnknownSettingOrForceValue() {
        ctx = CursorTestSupport.contextWithFake(tmp, Map.of());

        Availability unknown = new CursorDispatcher(route(Map.of(), Map.of("sandbox", "enabled")), ctx).availability();
        Availability badForce = new CursorDispatcher(route(Map.of(), Map.of("force", "yes")), ctx).availability();

        assertEquals("route sonnet-4::cursor has settings this harness does not understand: [sandbox]"
                + " (cursor takes only force)", unknown.reason());
        assertEquals("route sonnet-4::cursor has settings.force 'yes'; cursor accepts true or false", badForce.reason());
        assertTrue(new CursorDispatcher(route(Map.of(), Map.of("force", "true")), ctx).availability().isAvailable());
    }

    @Test
    void runsTheOlderCursorAgentBinaryWhenAgentIsNotOnPath() throws IOException {
        Path argv = tmp.resolve("argv.log");
        Path bin = Files.createDirectory(tmp.resolve("bin"));
        ctx = CursorTestSupport.contextWithOldNameOnly(bin, Map.of("FAKE_CURSOR_ARGV_LOG", argv.toString()));

        CursorDispatcher d = new CursorDispatcher(route(), ctx);
        DispatchResult r = d.dispatch(request("p"), null);

        assertEquals("cursor-agent", d.command());
        assertTrue(d.availability().isAvailable());
        assertTrue(r.success(), r.error());
        assertEquals("ok from cursor (model sonnet-4)", r.output());
    }

    @Test
    void runsCursorAgentAlsoForTheDefaultCommandTheHostFillsIn() {
        Path bin = tmp.resolve("bin");
        ctx = CursorTestSupport.contextWithOldNameOnly(bin, Map.of());
        RouteSpec filledIn = RouteSpec.builder("sonnet-4::cursor", "sonnet-4", CursorHarness.ID, Tier.SUBSCRIPTION)
                .command("agent").build();
        RouteSpec other = RouteSpec.builder("sonnet-4::cursor", "sonnet-4", CursorHarness.ID, Tier.SUBSCRIPTION)
                .command(bin.resolve("cursor-agent").toString()).build();

        CursorDispatcher d = new CursorDispatcher(filledIn, ctx);

        assertEquals("cursor-agent", d.command());
        assertEquals(Optional.of("cursor-agent"), d.route().command());
        assertTrue(d.dispatch(DispatchRequest.of("p", filledIn).withTimeout(Duration.ofSeconds(30)), null).success());
        assertTrue(new CursorDispatcher(other, ctx).route() == other, "a command other than agent is kept as written");
    }

    @Test
    void namesBothBinariesWhenNeitherIsInstalled() {
        ctx = TestHarnessContext.builder().env("PATH", tmp.toString()).build();

        Availability a = new CursorDispatcher(route(), ctx).availability();

        assertEquals("Cursor CLI not found on PATH (looked for 'agent' and 'cursor-agent') — install: "
                + CursorDispatcher.INSTALL_COMMAND, a.reason());
    }

    @Test
    void readsAResultObjectSpreadOverSeveralLines() {
        DispatchResult r = dispatch(mode("multiline"), request("p"));

        assertTrue(r.success(), r.error());
        assertEquals("indented ok", r.output());
        assertEquals(Optional.of(SESSION), r.sessionId());
    }

    @Test
    void readsAnAnswerLongerThanOneReadOfTheStream() {
        DispatchResult r = dispatch(mode("long"), request("p"));

        assertTrue(r.success(), r.error());
        assertEquals("y".repeat(2 * 1024 * 1024), r.output());
    }

    @Test
    void keepsQuotesBackslashesAndNewlinesOfTheAnswer() {
        String answer = "line \"one\"\n\tC:\\path";
        assertEquals(answer, dispatch(Map.of("FAKE_CURSOR_ANSWER", answer), request("p")).output());
    }

    @Test
    void relaysStderrAsProgress() {
        List<DispatchEvent> events = new CopyOnWriteArrayList<>();
        ctx = CursorTestSupport.contextWithFake(tmp, mode("auth"));

        new CursorDispatcher(route(), ctx).dispatch(request("p"), events::add);

        assertEquals(List.of(new DispatchEvent.Stderr("Error: Not authenticated. Run 'agent login' or set"
                + " CURSOR_API_KEY.")), events);
    }

    @Test
    void reportsIsErrorAsAFailureWithTheResultText() {
        DispatchResult r = dispatch(mode("is_error"), request("p"));

        assertEquals(FailureKind.OTHER, r.failureKind());
        assertEquals("The agent stopped: connection to the model provider was lost", r.error());
        assertEquals(Optional.of(SESSION), r.sessionId());
        assertEquals(OptionalInt.of(1), r.exitCode());
    }

    @Test
    void reportsIsErrorAsAFailureEvenWhenTheExitCodeIsZero() {
        DispatchResult r = dispatch(Map.of("FAKE_CURSOR_MODE", "is_error", "FAKE_CURSOR_EXIT", "0"), request("p"));

        assertFalse(r.success());
        assertEquals("The agent stopped: connection to the model provider was lost", r.error());
        assertEquals(OptionalInt.of(0), r.exitCode());
    }

    @Test
    void reportsARateLimitWithTheWaitItNames() {
        DispatchResult r = dispatch(mode("rate_limit"), request("p"));

        assertEquals(FailureKind.RATE_LIMITED, r.failureKind());
        assertEquals("Error: Rate limit exceeded (429 Too Many Requests). Please try again in 30 seconds.", r.error());
        assertEquals(Optional.of(Duration.ofSeconds(30)), r.retryAfter());
    }

    @Test
    void reportsTheUsageLimitAsQuotaExhausted() {
        DispatchResult r = dispatch(mode("usage_limit"), request("p"));

        assertEquals(FailureKind.QUOTA_EXHAUSTED, r.failureKind());
        assertTrue(r.error().startsWith("Error: You've reached your monthly usage limit."), r.error());
        assertEquals(Optional.empty(), r.resetAt());
    }

    @Test
    void reportsNotAuthenticatedAsAuthWithTheNextStep() {
        DispatchResult r = dispatch(mode("auth"), request("p"));

        assertEquals(FailureKind.AUTH, r.failureKind());
        assertEquals("Error: Not authenticated. Run 'agent login' or set CURSOR_API_KEY. — "
                + CursorDispatcher.LOGIN_HINT, r.error());
        assertEquals(Optional.of(CursorDispatcher.LOGIN_HINT), r.nextStep());
    }

    @Test
    void reportsAnUnknownModelAsModelRejectedWithTheListCommand() {
        DispatchResult r = dispatch(mode("model"), request("p"));

        assertEquals(FailureKind.MODEL_REJECTED, r.failureKind());
        assertTrue(r.error().startsWith("Error: Model 'sonnet-4' not found."), r.error());
        assertEquals(Optional.of(CursorDispatcher.MODEL_HINT), r.nextStep());
    }

    @Test
    void reportsForceRefusedByTheTeamAsForbidden() {
        ctx = CursorTestSupport.contextWithFake(tmp, mode("forbidden"));
        RouteSpec forced = route(Map.of(), Map.of("force", "true"));

        DispatchResult r = new CursorDispatcher(forced, ctx).dispatch(DispatchRequest.of("p", forced), null);

        assertEquals(FailureKind.FORBIDDEN, r.failureKind());
        assertEquals(Optional.of(CursorDispatcher.FORBIDDEN_HINT), r.nextStep());
        assertTrue(new CursorDispatcher(route(), ctx).dispatch(request("p"), null).success());
    }

    @Test
    void classifiesTheTextsItCanTellApart() {
        assertEquals(FailureKind.UNAVAILABLE, CursorDispatcher.classify("Error: request failed with status 500"));
        assertEquals(FailureKind.QUOTA_EXHAUSTED, CursorDispatcher.classify("You have hit your team's spend limit"));
        assertEquals(FailureKind.AUTH, CursorDispatcher.classify("HTTP 401: invalid API key"));
        assertEquals(FailureKind.FORBIDDEN, CursorDispatcher.classify("HTTP 403 Forbidden"));
        assertEquals(FailureKind.MODEL_REJECTED, CursorDispatcher.classify("Unknown model: gpt-9"));
        assertEquals(FailureKind.QUOTA_EXHAUSTED, CursorDispatcher.classify("Quota exceeded for this team"));
        assertEquals(FailureKind.RATE_LIMITED, CursorDispatcher.classify("Too many requests, slow down"));
        assertEquals(FailureKind.OTHER, CursorDispatcher.classify("Workspace Trust Required"));
    }

    @Test
    void reportsANonZeroExitWithoutAMessage() {
        DispatchResult r = dispatch(mode("crash"), request("p"));

        assertEquals(FailureKind.OTHER, r.failureKind());
        assertEquals("cursor agent exited with code 3 and reported no error", r.error());
    }

    @Test
    void reportsOutputWithoutAResultAsAFailure() {
        assertEquals("cursor agent exited 0 but printed no JSON result: this is not json",
                dispatch(mode("garbage"), request("p")).error());
        assertEquals("cursor agent exited 0 but printed no JSON result: (no output)",
                dispatch(mode("empty"), request("p")).error());
    }

    private DispatchResult dispatch(Map<String, String> env, DispatchRequest req) {
        if (ctx != null) {
            ctx.close();
        }
        ctx = CursorTestSupport.contextWithFake(tmp, env);
        return new CursorDispatcher(route(), ctx).dispatch(req, null);
    }

    private static Map<String, String> mode(String mode) {
        return Map.of("FAKE_CURSOR_MODE", mode);
    }

    private static DispatchRequest request(String prompt) {
        return DispatchRequest.of(prompt, route()).withTimeout(Duration.ofSeconds(30));
    }

    private static RouteSpec route() {
        return route(Map.of(), Map.of());
    }

    private static RouteSpec route(Map<String, String> env, Map<String, String> settings) {
        return RouteSpec.builder("sonnet-4::cursor", "sonnet-4", CursorHarness.ID, Tier.SUBSCRIPTION)
                .env(env).settings(settings).build();
    }
}
