package com.example.harnessrouter.acme;

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
import io.harnessrouter.api.TokenUsage;
import io.harnessrouter.api.support.ProcessOutcome;
import io.harnessrouter.api.testkit.FakeClis;
import io.harnessrouter.api.testkit.TestHarnessContext;
import java.io.IOException;
import java.io.UncheckedIOException;
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

/** {@link AcmeDispatcher} against the fake {@code acme} in src/test/resources/fake-clis. */
class AcmeDispatcherTest {

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
    void answersWithTheJoinedTextAndUsageAndSendsTheDocumentedArgv() throws IOException {
        Path argv = tmp.resolve("argv.log");
        DispatchResult r = dispatch(Map.of("ACME_FAKE_ARGV_LOG", argv.toString()), request("fix the bug"));

        assertTrue(r.success(), r.error());
        assertEquals("ok from acme (model acme-sonnet-2)", r.output());
        assertEquals(Optional.of(new TokenUsage(12, 3)), r.tokenUsage());
        assertEquals(OptionalInt.of(0), r.exitCode());
        assertEquals(FailureKind.NONE, r.failureKind());
        assertEquals("run\n--json\n--model\nacme-sonnet-2\n--\nfix the bug\n---\n", Files.readString(argv));
    }

    @Test
    void passesAPromptThatLooksLikeAFlagAfterTheDoubleDash() throws IOException {
        Path argv = tmp.resolve("argv.log");
        DispatchResult r = dispatch(Map.of("ACME_FAKE_ARGV_LOG", argv.toString()), request("--version is wrong, fix it"));

        assertTrue(r.success(), r.error());
        assertTrue(Files.readString(argv).endsWith("--\n--version is wrong, fix it\n---\n"), Files.readString(argv));
    }

    @Test
    void listsTheRequestFilesInThePrompt() throws IOException {
        Path argv = tmp.resolve("argv.log");
        DispatchRequest req = request("refactor").withFiles(List.of(Path.of("/src/A.java"), Path.of("/src/b.py")));

        assertTrue(dispatch(Map.of("ACME_FAKE_ARGV_LOG", argv.toString()), req).success());
        assertTrue(Files.readString(argv).endsWith("--\nrefactor\n\nFiles to work with:\n  /src/A.java\n  /src/b.py\n---\n"),
                Files.readString(argv));
    }

    @Test
    void passesTheProfileSettingAsAFlag() throws IOException {
        Path argv = tmp.resolve("argv.log");
        ctx = AcmeTestSupport.contextWithFake(tmp, Map.of("ACME_FAKE_ARGV_LOG", argv.toString()));
        RouteSpec work = AcmeTestSupport.route(Map.of(), Map.of("profile", "work"));

        DispatchResult r = new AcmeDispatcher(work, ctx).dispatch(DispatchRequest.of("p", work), null);

        assertTrue(r.success(), r.error());
        assertEquals("run\n--json\n--model\nacme-sonnet-2\n--profile\nwork\n--\np\n---\n", Files.readString(argv));
    }

    @Test
    void isUnavailableWhenTheRouteHasSettingsItDoesNotUnderstand() {
        ctx = AcmeTestSupport.contextWithFake(tmp, Map.of());
        RouteSpec typo = AcmeTestSupport.route(Map.of(), Map.of("profil", "work", "sandbox", "on"));

        Availability a = new AcmeDispatcher(typo, ctx).availability();

        assertFalse(a.isAvailable());
        assertEquals("route sonnet::acme_code has settings acme_code does not understand: [profil, sandbox]"
                + " (it knows [profile]; remove or rename them)", a.reason());
        assertTrue(new AcmeDispatcher(route(), ctx).availability().isAvailable());
    }

    @Test
    void capsTheCliRetriesUnlessTheHostOrRouteSetsThem() throws IOException {
        Path envLog = tmp.resolve("env.log");
        Map<String, String> fake = Map.of("ACME_FAKE_ENV_LOG", envLog.toString());

        dispatch(fake, request("p"));
        assertEquals("ACME_MAX_RETRIES=0", firstLine(envLog));

        Files.delete(envLog);
        RouteSpec withRetries = AcmeTestSupport.route(Map.of("ACME_MAX_RETRIES", "3"), Map.of());
        new AcmeDispatcher(withRetries, ctx).dispatch(DispatchRequest.of("p", withRetries), null);
        assertEquals("ACME_MAX_RETRIES=3", firstLine(envLog));

        Files.delete(envLog);
        Map<String, String> hostSetsIt = new HashMap<>(fake);
        hostSetsIt.put("ACME_MAX_RETRIES", "5");
        dispatch(hostSetsIt, request("p"));
        assertEquals("ACME_MAX_RETRIES=5", firstLine(envLog));
    }

    @Test
    void runsInTheRequestWorkingDirectory() throws IOException {
        Path envLog = tmp.resolve("env.log");
        Path project = Files.createDirectory(tmp.resolve("project"));

        dispatch(Map.of("ACME_FAKE_ENV_LOG", envLog.toString()), request("p").withWorkingDir(project));

        assertTrue(Files.readString(envLog).contains("PWD=" + project.toRealPath() + "\n"), Files.readString(envLog));
    }

    @Test
    void keepsQuotesBackslashesAndNewlinesOfTheAnswer() {
        String answer = "line \"one\"\n\tC:\\path";

        assertEquals(answer, dispatch(Map.of("ACME_FAKE_ANSWER", answer), request("p")).output());
    }

    @Test
    void streamsThinkingToolCallsAndTextInOrder() {
        List<DispatchEvent> events = new CopyOnWriteArrayList<>();
        ctx = AcmeTestSupport.contextWithFake(tmp, mode("tools"));

        DispatchResult r = new AcmeDispatcher(route(), ctx).dispatch(request("rename it"), events::add);

        assertTrue(r.success(), r.error());
        assertEquals("Renamed the method.", r.output());
        assertEquals(Optional.of(new TokenUsage(40, 9)), r.tokenUsage());
        assertEquals(List.of(new DispatchEvent.Thinking("Reading the file first"),
                new DispatchEvent.ToolUse("read_file", "{\"path\":\"src/App.java\"}"),
                new DispatchEvent.Text("Renamed the method.")), events);
    }

    /**
     * The fake prints its second chunk only after the gate file exists, and the listener creates
     * it on the first chunk: this passes only if events arrive while the CLI is still running.
     */
    @Test
    void streamsTextWhileTheCliIsStillRunning() {
        Path gate = tmp.resolve("gate");
        List<DispatchEvent> events = new CopyOnWriteArrayList<>();
        DispatchListener openGateOnFirstChunk = event -> {
            events.add(event);
            touch(gate);
        };
        Map<String, String> env = new HashMap<>(mode("stream"));
        env.put("ACME_FAKE_GATE", gate.toString());
        ctx = AcmeTestSupport.contextWithFake(tmp, env);

        DispatchResult r = new AcmeDispatcher(route(), ctx).dispatch(request("p"), openGateOnFirstChunk);

        assertTrue(r.success(), r.error());
        assertEquals("first chunk, second chunk", r.output());
        assertEquals(List.of(new DispatchEvent.Text("first chunk, "), new DispatchEvent.Text("second chunk")), events);
    }

    @Test
    void reportsARateLimitWithTheRetryAfterItNamed() {
        DispatchResult r = dispatch(mode("rate_limit"), request("p"));

        assertFalse(r.success());
        assertTrue(r.rateLimited());
        assertEquals(FailureKind.RATE_LIMITED, r.failureKind());
        assertEquals("Too many requests, retry after 20s (acme error 429)", r.error());
        assertEquals(Optional.of(Duration.ofSeconds(20)), r.retryAfter());
        assertEquals(OptionalInt.of(3), r.exitCode());
    }

    @Test
    void reportsAnExhaustedQuotaWithItsResetTime() {
        DispatchResult r = dispatch(mode("quota"), request("p"));

        assertEquals(FailureKind.QUOTA_EXHAUSTED, r.failureKind());
        assertEquals("Monthly quota exceeded for plan Pro (acme error 429)", r.error());
        assertEquals(Optional.of(Instant.parse("2026-02-01T00:00:00Z")), r.resetAt());
        assertEquals(Optional.empty(), r.retryAfter());
    }

    @Test
    void reportsAMissingLoginAsAuth() {
        DispatchResult r = dispatch(mode("auth"), request("p"));

        assertEquals(FailureKind.AUTH, r.failureKind());
        assertEquals("Not logged in. Run: acme auth login (acme error 401)", r.error());
        assertEquals(OptionalInt.of(4), r.exitCode());
    }

    @Test
    void reportsAnUnknownModelAsModelRejected() {
        DispatchResult r = dispatch(mode("bad_model"), request("p"));

        assertEquals(FailureKind.MODEL_REJECTED, r.failureKind());
        assertEquals("Unknown model 'acme-sonnet-2' (acme error 404)", r.error());
    }

    @Test
    void reportsAnOverloadedServiceAsUnavailable() {
        DispatchResult r = dispatch(mode("overloaded"), request("p"));

        assertEquals(FailureKind.UNAVAILABLE, r.failureKind());
        assertEquals("Service overloaded, try again later (acme error 503)", r.error());
    }

    @Test
    void reportsACrashWithItsStderrAndStreamsTheStderrLine() {
        List<DispatchEvent> events = new CopyOnWriteArrayList<>();
        ctx = AcmeTestSupport.contextWithFake(tmp, mode("crash"));

        DispatchResult r = new AcmeDispatcher(route(), ctx).dispatch(request("p"), events::add);

        assertEquals(FailureKind.OTHER, r.failureKind());
        assertEquals("acme exited with code 2: acme: panic: runtime error: index out of range (simulated)", r.error());
        assertEquals(List.of(new DispatchEvent.Stderr("acme: panic: runtime error: index out of range (simulated)")),
                events);
    }

    @Test
    void treatsExitZeroWithoutADoneEventAsAFailureAndKeepsThePartialAnswer() {
        DispatchResult r = dispatch(mode("no_done"), request("p"));

        assertFalse(r.success());
        assertEquals(FailureKind.OTHER, r.failureKind());
        assertEquals("acme exited 0 without a done event: {\"type\":\"text\",\"text\":\"partial answer\"}", r.error());
        assertEquals("partial answer", r.output());
    }

    @Test
    void classifiesACrashThatMentionsARateLimitFromItsText() {
        ctx = AcmeTestSupport.contextWithFake(tmp, Map.of());
        ProcessOutcome outcome = outcome(1, "Error: rate limit exceeded, try again in 30 seconds");

        DispatchResult r = new AcmeDispatcher(route(), ctx).streamParser(request("p")).finish(outcome);

        assertEquals(FailureKind.RATE_LIMITED, r.failureKind());
        assertEquals(Optional.of(Duration.ofSeconds(30)), r.retryAfter());
        assertEquals("acme exited with code 1: Error: rate limit exceeded, try again in 30 seconds", r.error());
    }

    @Test
    void addsTheLoginCommandToAnAuthFailureThatDoesNotNameIt() {
        ctx = AcmeTestSupport.contextWithFake(tmp, Map.of());

        DispatchResult r = new AcmeDispatcher(route(), ctx).streamParser(request("p"))
                .finish(outcome(1, "Error: unauthorized"));

        assertEquals(FailureKind.AUTH, r.failureKind());
        assertEquals("acme exited with code 1: Error: unauthorized — run `acme auth login`", r.error());
    }

    @Test
    void killsTheWholeTreeWhenTheTimeoutFires() throws IOException {
        Path pidFile = tmp.resolve("child.pid");
        Map<String, String> env = new HashMap<>(mode("hang"));
        env.put("ACME_FAKE_PIDFILE", pidFile.toString());

        DispatchResult r = dispatch(env, request("p").withTimeout(Duration.ofMillis(500)));

        assertEquals(FailureKind.TIMEOUT, r.failureKind());
        assertEquals("Timed out after 0.5s; the process tree was killed", r.error());
        long child = Long.parseLong(Files.readString(pidFile).strip());
        assertFalse(FakeClis.isRunning(child), "the fake's child " + child + " survived");
        assertTrue(r.duration().compareTo(Duration.ofSeconds(5)) < 0, r.duration().toString());
    }

    private DispatchResult dispatch(Map<String, String> env, DispatchRequest req) {
        if (ctx != null) {
            ctx.close();
        }
        ctx = AcmeTestSupport.contextWithFake(tmp, env);
        return new AcmeDispatcher(route(), ctx).dispatch(req, null);
    }

    private static Map<String, String> mode(String mode) {
        return Map.of("ACME_FAKE_MODE", mode);
    }

    private static RouteSpec route() {
        return AcmeTestSupport.route(Map.of(), Map.of());
    }

    private static DispatchRequest request(String prompt) {
        return DispatchRequest.of(prompt, route()).withTimeout(Duration.ofSeconds(30));
    }

    private static ProcessOutcome outcome(int exitCode, String stderr) {
        return new ProcessOutcome(exitCode, "", stderr, false, false, false, false, Optional.empty(), Duration.ofMillis(3));
    }

    private static String firstLine(Path file) throws IOException {
        return Files.readAllLines(file).get(0);
    }

    private static void touch(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
