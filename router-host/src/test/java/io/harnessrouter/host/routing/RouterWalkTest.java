package io.harnessrouter.host.routing;

import static io.harnessrouter.host.routing.RoutingFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.DispatchRequest;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.Tier;
import io.harnessrouter.host.routing.Attempt.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouterWalkTest {

    private final RoutingFixture f = new RoutingFixture();

    @AfterEach
    void stopPool() {
        f.close();
    }

    private static RouteRequest request() {
        return RouteRequest.of("req-1", "fix the bug");
    }

    private static RouteRequest withHints(String model, String service) {
        return new RouteRequest("req-1", "fix the bug", List.of(), Optional.empty(), Optional.ofNullable(model),
                Optional.ofNullable(service), List.of());
    }

    private static DispatchResult fail(FailureKind kind, String error) {
        return DispatchResult.failure(kind, error).build();
    }

    private static List<String> walked(RouteOutcome outcome) {
        return outcome.attempts().stream().map(a -> a.routeId() + " " + a.status().wireName()).toList();
    }

    @Test
    void walksPriorityModelsInOrder() {
        f.subscription("sonnet", "codex");
        f.subscription("opus", "claude_code").always(fail(FailureKind.OTHER, "claude exited with code 1"));
        f.priority("opus", "sonnet");

        RouteOutcome outcome = f.router().route(request(), RouteListener.NONE);

        assertTrue(outcome.success());
        assertEquals(List.of("opus::claude_code failed", "sonnet::codex succeeded"), walked(outcome));
        assertEquals("answer from sonnet::codex", outcome.result().orElseThrow().output());
        assertEquals(new RouteDecision("sonnet", "sonnet::codex", Tier.SUBSCRIPTION, 1.0,
                "model=sonnet tier=subscription svc=sonnet::codex quota=1.00 (1 candidate)"),
                outcome.decision().orElseThrow());
        assertEquals("", outcome.error());
    }

    @Test
    void triesEverySubscriptionRouteBeforeMeteredOnesWhateverTheDeclaredOrder() {
        f.metered("opus", "api.anthropic.com");
        f.subscription("opus", "claude_code").always(fail(FailureKind.OTHER, "exit 1"));
        f.subscription("opus", "cursor").always(fail(FailureKind.OTHER, "exit 1"));
        f.priority("opus");

        RouteOutcome outcome = f.router().route(request(), RouteListener.NONE);

        assertEquals(List.of("opus::claude_code failed", "opus::cursor failed", "opus::api.anthropic.com succeeded"),
                walked(outcome));
        assertEquals("model=opus tier=metered svc=opus::api.anthropic.com quota=1.00 (1 candidate)",
                outcome.decision().orElseThrow().reason());
    }

    @Test
    void ordersRoutesByQuotaScoreWithDeclaredOrderBreakingTies() {
        f.subscription("opus", "claude_code");
        f.subscription("opus", "cursor");
        f.subscription("opus", "codex");
        f.priority("opus");
        f.quota("opus::claude_code", 20, 100);
        f.quota("opus::codex", 100, 100);

        List<RouteDecision> plan = f.router().plan(request());

        assertEquals(List.of(
                "model=opus tier=subscription svc=opus::cursor quota=1.00 (3 candidates)",
                "model=opus tier=subscription svc=opus::codex quota=1.00 (3 candidates)",
                "model=opus tier=subscription svc=opus::claude_code quota=0.20 (3 candidates)"),
                plan.stream().map(RouteDecision::reason).toList());
        assertEquals(0.2, plan.get(2).quotaScore(), 1e-9);
    }

    @Test
    void candidateCountShrinksAsTheWalkExcludesFailedRoutes() {
        f.subscription("opus", "claude_code").always(fail(FailureKind.OTHER, "exit 1"));
        f.subscription("opus", "cursor");
        f.priority("opus");

        RouteOutcome outcome = f.router().route(request(), RouteListener.NONE);

        assertEquals("model=opus tier=subscription svc=opus::cursor quota=1.00 (1 candidate)",
                outcome.decision().orElseThrow().reason());
    }

    @Test
    void hintModelGoesFirstEvenWhenItIsNotInThePriorityList() {
        f.subscription("opus", "claude_code");
        f.subscription("haiku", "claude_code");
        f.priority("opus");

        RouteOutcome outcome = f.router().route(withHints("haiku", null), RouteListener.NONE);

        assertEquals(List.of("haiku::claude_code succeeded"), walked(outcome));
        assertEquals(List.of("haiku::claude_code", "opus::claude_code"),
                f.router().plan(withHints("haiku", null)).stream().map(RouteDecision::routeId).toList());
    }

    @Test
    void unknownHintModelIsIgnoredAndNotedInTheTrace() {
        f.subscription("opus", "claude_code");
        f.subscription("sonnet", "codex");
        f.priority("opus");

        RouteOutcome outcome = f.router().route(withHints("gpt-9", null), RouteListener.NONE);

        assertTrue(outcome.success());
        Attempt note = outcome.attempts().get(0);
        assertTrue(note.isNote());
        assertEquals("hints.model \"gpt-9\" has no configured route and was ignored. Configured models: opus, sonnet",
                note.detail());
        assertEquals("opus::claude_code", outcome.attempts().get(1).routeId());
    }

    @Test
    void hintServiceForcesThatRouteWithoutFallback() {
        FakeDispatcher claude = f.subscription("opus", "claude_code");
        f.subscription("opus", "codex").always(fail(FailureKind.OTHER, "codex exited with code 1"));
        f.priority("opus");

        RouteOutcome outcome = f.router().route(withHints("sonnet", "opus::codex"), RouteListener.NONE);

        assertFalse(outcome.success());
        assertEquals(0, claude.calls());
        assertEquals(List.of("opus::codex failed"), walked(outcome));
        assertEquals("forced", outcome.decision().orElseThrow().reason());
        assertEquals("hints.service \"opus::codex\" did not succeed, and hints.service allows no fallback:\n"
                + "- opus::codex: codex exited with code 1\n"
                + "Next: drop hints.service to let the router fail over, or run `harness-router doctor`.",
                outcome.error());
    }

    @Test
    void hintServiceOnAnOpenBreakerIsSkippedWithItsReopenTime() {
        f.subscription("opus", "claude_code");
        f.priority("opus");
        f.openBreaker("opus::claude_code", T0.plusSeconds(300), 1, "429 Too Many Requests");

        RouteOutcome outcome = f.router().route(withHints(null, "opus::claude_code"), RouteListener.NONE);

        assertEquals("hints.service \"opus::claude_code\" did not succeed, and hints.service allows no fallback:\n"
                + "- opus::claude_code: skipped: circuit breaker open until 2026-11-22T14:05:00Z "
                + "(last error: 429 Too Many Requests)\n"
                + "Next: wait until 14:05:00Z for opus::claude_code, drop hints.service to let the router fail over, "
                + "or run `harness-router doctor`.", outcome.error());
        assertEquals(Optional.of(T0.plusSeconds(300)), outcome.retryAt());
    }

    @Test
    void unknownHintServiceNamesTheConfiguredRoutes() {
        f.subscription("opus", "claude_code");
        f.subscription("sonnet", "codex");
        f.priority("opus");

        RouteOutcome outcome = f.router().route(withHints(null, "opus::nope"), RouteListener.NONE);

        assertEquals("hints.service \"opus::nope\" is not a configured route. Configured routes: "
                + "opus::claude_code, sonnet::codex", outcome.error());
        assertTrue(outcome.attempts().isEmpty());
        assertTrue(f.router().plan(withHints(null, "opus::nope")).isEmpty());
    }

    @Test
    void failsOverToNextRouteWhenFirstIsRateLimited() {
        FakeDispatcher claude = f.subscription("opus", "claude_code").then(DispatchResult
                .failure(FailureKind.RATE_LIMITED, "429 rate_limit_error").retryAfter(Duration.ofSeconds(300))
                .duration(Duration.ofMillis(40)).build());
        FakeDispatcher api = f.metered("opus", "api.anthropic.com");
        f.priority("opus");
        Path file = Path.of("/repo/src/Main.java");
        RouteRequest request = new RouteRequest("req-7", "fix it", List.of(file), Optional.of(Path.of("/repo")),
                Optional.empty(), Optional.empty(), List.of());

        RouteOutcome outcome = f.router().route(request, RouteListener.NONE);

        assertTrue(outcome.success());
        assertEquals("answer from opus::api.anthropic.com", outcome.result().orElseThrow().output());
        Attempt limited = outcome.attempts().get(0);
        assertEquals(new Attempt("opus::claude_code", "opus", Tier.SUBSCRIPTION, Status.FAILED,
                FailureKind.RATE_LIMITED, "429 rate_limit_error", Duration.ofMillis(40), 1.0,
                Optional.of(T0.plusSeconds(300))), limited);
        assertEquals(Status.SUCCEEDED, outcome.attempts().get(1).status());
        DispatchRequest sent = claude.requests().get(0);
        assertEquals("cli-opus", sent.model());
        assertEquals(RoutingFixture.ROUTE_TIMEOUT, sent.timeout());
        assertEquals(List.of(file), sent.files());
        assertEquals(Optional.of(Path.of("/repo")), sent.workingDir());
        assertEquals("api-opus", api.requests().get(0).model());
    }

    @Test
    void skipsDisabledUnavailableAndOpenRoutesWithTheirReasons() {
        f.subscription("opus", "claude_code");
        f.subscription("opus", "cursor").unavailable("agent CLI not found on PATH");
        f.subscription("opus", "copilot");
        f.subscription("opus", "codex");
        f.metered("opus", "api.anthropic.com");
        f.disable("opus::claude_code").noPlugin("opus::copilot", "no plugin provides harness 'copilot'");
        f.priority("opus");
        f.openBreaker("opus::codex", T0.plusSeconds(60), 1, "");

        RouteOutcome outcome = f.router().route(request(), RouteListener.NONE);

        assertTrue(outcome.success());
        assertEquals(List.of(
                "opus::claude_code skipped: disabled in config (enabled: false)",
                "opus::cursor skipped: agent CLI not found on PATH",
                "opus::copilot skipped: no plugin provides harness 'copilot'",
                "opus::codex skipped: circuit breaker open until 2026-11-22T14:01:00Z",
                "opus::api.anthropic.com succeeded: "),
                outcome.attempts().stream().map(a -> a.routeId() + " " + a.status().wireName() + ": " + a.detail())
                        .toList());
        assertEquals(Optional.of(T0.plusSeconds(60)), outcome.attempts().get(3).retryAt());
    }

    @Test
    void whenEveryRouteFailsTheErrorSaysWhatHappenedOnEachAndWhatToDoNext() {
        f.subscription("opus", "claude_code").always(DispatchResult.failure(FailureKind.RATE_LIMITED, "429")
                .retryAfter(Duration.ofMinutes(5)).build());
        f.metered("opus", "api.anthropic.com").always(fail(FailureKind.AUTH, "HTTP 401: invalid x-api-key"));
        f.subscription("sonnet", "codex").unavailable("codex CLI not found on PATH");
        f.priority("opus", "sonnet");

        RouteOutcome outcome = f.router().route(request(), RouteListener.NONE);

        assertFalse(outcome.success());
        assertEquals("All 3 routes failed for model priority [opus, sonnet]:\n"
                + "- opus::claude_code: rate limited (retry after 2026-11-22T14:05:00Z)\n"
                + "- opus::api.anthropic.com: HTTP 401: invalid x-api-key\n"
                + "- sonnet::codex: skipped: codex CLI not found on PATH\n"
                + "Next: wait until 14:05:00Z for opus::claude_code, fix the api_key of opus::api.anthropic.com, "
                + "or run `harness-router doctor`.", outcome.error());
        assertEquals("HTTP 401: invalid x-api-key", outcome.result().orElseThrow().error());
        assertEquals("opus::api.anthropic.com", outcome.decision().orElseThrow().routeId());
        assertEquals(Optional.of(T0.plusSeconds(300)), outcome.retryAt());
    }

    @Test
    void nextStepsFollowTheFailureKinds() {
        f.subscription("opus", "claude_code").always(fail(FailureKind.AUTH, "not logged in — run claude login"));
        f.subscription("opus", "codex").always(fail(FailureKind.MODEL_REJECTED, "unknown model cli-opus"));
        f.subscription("opus", "gemini").always(fail(FailureKind.TIMEOUT, "timed out after 90 s"));
        f.metered("opus", "api.example.com").always(fail(FailureKind.UNAVAILABLE, "HTTP 529: overloaded\n  retry"));
        f.priority("opus");

        RouteOutcome outcome = f.router().route(request(), RouteListener.NONE);

        assertEquals("All 4 routes failed for model priority [opus]:\n"
                + "- opus::claude_code: not logged in — run claude login\n"
                + "- opus::codex: unknown model cli-opus\n"
                + "- opus::gemini: timed out after 90 s\n"
                + "- opus::api.example.com: HTTP 529: overloaded retry\n"
                + "Next: log in to the claude_code CLI used by opus::claude_code, check the model id opus::codex "
                + "sends (cli_model_override), raise timeout_seconds of opus::gemini or split the task, "
                + "retry opus::api.example.com later (the provider is overloaded or down), "
                + "or run `harness-router doctor`.", outcome.error());
        assertEquals(Optional.empty(), outcome.retryAt());
    }

    @Test
    void aForbiddenRouteAsksForAccessInsteadOfALogin() {
        f.subscription("opus", "copilot").always(fail(FailureKind.FORBIDDEN, "model disabled by organization policy"));
        f.priority("opus");

        RouteOutcome outcome = f.router().route(request(), RouteListener.NONE);

        assertEquals("1 route failed for model priority [opus]:\n"
                + "- opus::copilot: model disabled by organization policy\n"
                + "Next: ask for access to the model or tools opus::copilot uses (its plan or organisation policy "
                + "refused them), or disable it, or run `harness-router doctor`.", outcome.error());
        assertEquals("forbidden", outcome.attempts().get(0).kind().wireName());
    }

    @Test
    void aPluginsNextStepReplacesTheGenericStepForItsKind() {
        f.subscription("opus", "copilot").always(DispatchResult.failure(FailureKind.AUTH, "no token")
                .nextStep("set COPILOT_GITHUB_TOKEN in the route's env").build());
        f.subscription("opus", "claude_code").always(fail(FailureKind.AUTH, "not logged in"));
        f.priority("opus");

        RouteOutcome outcome = f.router().route(request(), RouteListener.NONE);

        assertEquals("All 2 routes failed for model priority [opus]:\n"
                + "- opus::copilot: no token\n"
                + "- opus::claude_code: not logged in\n"
                + "Next: set COPILOT_GITHUB_TOKEN in the route's env (opus::copilot), "
                + "log in to the claude_code CLI used by opus::claude_code, "
                + "or run `harness-router doctor`.", outcome.error());
        assertEquals(Optional.of("set COPILOT_GITHUB_TOKEN in the route's env"),
                outcome.attempts().get(0).nextStep());
    }

    @Test
    void aSingleFailedRouteIsReportedInTheSingular() {
        f.subscription("opus", "claude_code").always(fail(FailureKind.OTHER, "claude exited with code 2"));
        f.priority("opus");

        assertEquals("1 route failed for model priority [opus]:\n"
                + "- opus::claude_code: claude exited with code 2\n"
                + "Next: run `harness-router doctor`.", f.router().route(request(), RouteListener.NONE).error());
    }

    @Test
    void noRoutesConfigured() {
        RouteOutcome outcome = f.router().route(request(), RouteListener.NONE);

        assertEquals("No available routes — no routes configured.\n"
                + "Run `harness-router doctor` to see what's installed and what's missing.", outcome.error());
        assertTrue(outcome.result().isEmpty());
        assertTrue(outcome.decision().isEmpty());
    }

    @Test
    void noRouteInstalledOrReachable() {
        f.subscription("opus", "claude_code").unavailable("claude CLI not found on PATH");
        f.priority("opus");

        assertEquals("No available routes — no route is installed or reachable on this machine.\n"
                + "- opus::claude_code: skipped: claude CLI not found on PATH\n"
                + "Run `harness-router doctor` to see what's installed and what's missing.",
                f.router().route(request(), RouteListener.NONE).error());
    }

    @Test
    void everyReachableRouteRateLimited() {
        f.subscription("opus", "claude_code");
        f.subscription("opus", "codex").unavailable("codex CLI not found on PATH");
        f.priority("opus");
        f.openBreaker("opus::claude_code", T0.plusSeconds(300), 1, "429");

        RouteOutcome outcome = f.router().route(request(), RouteListener.NONE);

        assertEquals("No available routes — every reachable route is rate-limited: opus::claude_code "
                + "(until 2026-11-22T14:05:00Z).\n"
                + "- opus::claude_code: skipped: circuit breaker open until 2026-11-22T14:05:00Z (last error: 429)\n"
                + "- opus::codex: skipped: codex CLI not found on PATH\n"
                + "Run `harness-router doctor` to see what's installed and what's missing.", outcome.error());
        assertEquals(Optional.of(T0.plusSeconds(300)), outcome.retryAt());
    }

    @Test
    void noRouteServesAPriorityModel() {
        f.subscription("opus", "claude_code");
        f.priority("gpt");

        assertEquals("No available routes — no route serves a model in the priority list [gpt] "
                + "(configured models: opus).\n"
                + "Run `harness-router doctor` to see what's installed and what's missing.",
                f.router().route(request(), RouteListener.NONE).error());
    }

    @Test
    void everyRouteDisabled() {
        f.subscription("opus", "claude_code");
        f.disable("opus::claude_code").priority("opus");

        assertEquals("No available routes — no route is enabled (every configured route has enabled: false).\n"
                + "- opus::claude_code: skipped: disabled in config (enabled: false)\n"
                + "Run `harness-router doctor` to see what's installed and what's missing.",
                f.router().route(request(), RouteListener.NONE).error());
    }

    @Test
    void countersQuotaAndHistoryAreSavedAfterEachAttempt() {
        f.metered("opus", "api.a.com").then(DispatchResult.failure(FailureKind.RATE_LIMITED, "429")
                .headers(java.util.Map.of("X-Remaining", "0", "X-Limit", "50")).build());
        f.metered("opus", "api.b.com").then(DispatchResult.success("done")
                .headers(java.util.Map.of("X-Remaining", "30", "X-Limit", "40")).build());
        f.priority("opus");
        io.harnessrouter.api.QuotaHeaderParser parser = (result, now) -> Optional.of(
                new io.harnessrouter.api.QuotaObservation(
                        java.util.OptionalLong.of(Long.parseLong(result.headers().get("x-remaining"))),
                        java.util.OptionalLong.of(Long.parseLong(result.headers().get("x-limit"))),
                        java.util.OptionalLong.empty(), Optional.empty(),
                        io.harnessrouter.api.QuotaObservation.Kind.OK, "headers", now));
        f.quotaParser("opus::api.a.com", parser).quotaParser("opus::api.b.com", parser);

        f.router().route(request(), RouteListener.NONE);

        assertEquals(new io.harnessrouter.host.state.RouteCounters("opus::api.a.com", 1, 0, 1, 1),
                f.store.counters().get("opus::api.a.com"));
        assertEquals(new io.harnessrouter.host.state.RouteCounters("opus::api.b.com", 1, 1, 0, 0),
                f.store.counters().get("opus::api.b.com"));
        assertEquals(0.0, f.store.quota("opus::api.a.com").orElseThrow().score().getAsDouble(), 1e-9);
        assertEquals(0.75, f.store.quota("opus::api.b.com").orElseThrow().score().getAsDouble(), 1e-9);
        List<io.harnessrouter.host.state.AttemptRecord> history = f.store.recentAttempts(10);
        assertEquals(List.of("opus::api.b.com", "opus::api.a.com"),
                history.stream().map(io.harnessrouter.host.state.AttemptRecord::routeId).toList());
        assertEquals("req-1", history.get(1).requestId());
        assertEquals(FailureKind.RATE_LIMITED, history.get(1).kind());
        assertEquals("429", history.get(1).error());
        assertEquals(T0, history.get(1).at());
    }

    @Test
    void replanningSeesABreakerAnotherProcessOpenedMidWalk() {
        f.subscription("opus", "claude_code").then(r -> {
            f.openBreaker("opus::cursor", T0.plusSeconds(600), 1, "opened elsewhere");
            return fail(FailureKind.OTHER, "exit 1");
        });
        FakeDispatcher cursor = f.subscription("opus", "cursor");
        f.subscription("opus", "codex");
        f.priority("opus");

        RouteOutcome outcome = f.router().route(request(), RouteListener.NONE);

        assertEquals(0, cursor.calls());
        assertEquals(List.of("opus::claude_code failed", "opus::cursor skipped", "opus::codex succeeded"),
                walked(outcome));
    }

    @Test
    void aThrowingDispatcherBecomesAFailedAttemptAndTheWalkGoesOn() {
        f.subscription("opus", "claude_code").always(r -> {
            throw new IllegalStateException("plugin bug");
        });
        f.subscription("opus", "codex");
        f.priority("opus");

        RouteOutcome outcome = f.router().route(request(), RouteListener.NONE);

        assertTrue(outcome.success());
        assertEquals("the dispatcher of harness 'claude_code' failed: java.lang.IllegalStateException: plugin bug",
                outcome.attempts().get(0).detail());
    }

    @Test
    void aFailingStateStoreDoesNotStopRouting() {
        f.subscription("opus", "claude_code").then(fail(FailureKind.RATE_LIMITED, "429"));
        f.subscription("opus", "codex");
        f.priority("opus");
        f.store.failEveryCall();

        RouteOutcome outcome = f.router().route(request(), RouteListener.NONE);

        assertTrue(outcome.success());
        assertEquals(List.of("opus::claude_code failed", "opus::codex succeeded"), walked(outcome));
    }

    @Test
    void planListsWhatTheWalkWouldTryAndWritesNothing() {
        f.subscription("opus", "claude_code");
        f.subscription("opus", "codex");
        f.metered("sonnet", "api.x.com");
        f.priority("opus", "sonnet");
        f.openBreaker("opus::codex", T0.minusSeconds(1), 1, "");

        List<RouteDecision> plan = f.router().plan(request());

        assertEquals(List.of(
                "model=opus tier=subscription svc=opus::claude_code quota=1.00 (2 candidates)",
                "half-open probe; model=opus tier=subscription svc=opus::codex quota=1.00 (2 candidates)",
                "model=sonnet tier=metered svc=sonnet::api.x.com quota=1.00 (1 candidate)"),
                plan.stream().map(RouteDecision::reason).toList());
        assertEquals(0, f.store.breakerWrites());
    }

    @Test
    void anInterruptedCallerMakesNoAttempt() {
        FakeDispatcher claude = f.subscription("opus", "claude_code");
        f.priority("opus");

        Thread.currentThread().interrupt();
        RouteOutcome outcome;
        try {
            outcome = f.router().route(request(), RouteListener.NONE);
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt stays set for the caller");
        }

        assertEquals(0, claude.calls());
        assertEquals("Routing was cancelled before any route succeeded (model priority [opus]).", outcome.error());
    }

    @Test
    void aCancelledAttemptStopsTheWalk() {
        f.subscription("opus", "claude_code").always(r -> {
            Thread.currentThread().interrupt();
            return fail(FailureKind.CANCELLED, "cancelled by the client");
        });
        FakeDispatcher codex = f.subscription("opus", "codex");
        f.priority("opus");

        RouteOutcome outcome;
        try {
            outcome = f.router().route(request(), RouteListener.NONE);
        } finally {
            Thread.interrupted();
        }

        assertEquals(0, codex.calls());
        assertEquals("Routing was cancelled before any route succeeded (model priority [opus]):\n"
                + "- opus::claude_code: cancelled by the client", outcome.error());
        assertEquals("cancelled by the client", outcome.result().orElseThrow().error());
    }
}
